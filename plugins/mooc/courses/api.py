"""REST routes of online courses, mounted at ``/api/v1/courses/``.

Published courses are open to everyone; a draft exists only for its team and
organisers (anyone else gets 404). Enrolling, leaving, marking units and ``mine`` need a
session (django-ninja answers 401 without one and checks the CSRF token). Every change
goes through ``plugins.mooc.courses.services``: its ``PermissionDenied`` (the policy's
refusal) answers 403 and its ``ValidationError`` 422, each with the service's message.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from core.api_params import Id, Pagination
from core.sanitiser import plain_text
from plugins.mooc.courses import queries, services
from plugins.mooc.courses.policy import Action, access_for
from plugins.mooc.models.courses import Course, Unit

router = Router()


class ErrorOut(Schema):
    detail: str


class DetailOut(Schema):
    detail: str


class CourseOut(Schema):
    id: int
    title: str
    summary: str
    description: str = Field(description="Plain text.")
    language: str = Field(description="The language's code (ISO 639-1).")
    country: str | None = Field(
        description="The organising NSS's country code; null for a European course."
    )
    pacing: str = Field(description="self_paced or cohort.")
    enrolment_opens_at: datetime
    enrolment_closes_at: datetime | None = Field(description="Null: enrolment stays open.")
    starts_at: datetime | None = Field(description="Cohort courses only.")
    ends_at: datetime | None = Field(description="Cohort courses only.")
    url: str

    @staticmethod
    def resolve_description(course: Course) -> str:
        return plain_text(course.description)

    @staticmethod
    def resolve_language(course: Course) -> str:
        return course.language.code

    @staticmethod
    def resolve_country(course: Course) -> str | None:
        return course.country.code if course.country_id else None

    @staticmethod
    def resolve_url(course: Course) -> str:
        return course.get_absolute_url()


class UnitOut(Schema):
    id: int
    position: int
    title: str
    required: bool
    opens_at: datetime | None
    url: str


class CourseDetailOut(CourseOut):
    units: list[UnitOut]

    @staticmethod
    def resolve_units(course: Course) -> list[dict]:
        return course.outline


class ProgressOut(Schema):
    done: int = Field(description="Required units done.")
    required: int = Field(description="Required units in the course.")
    percent: int
    completed_at: datetime | None


class EnrolmentOut(Schema):
    course: CourseOut
    enrolled_at: datetime
    progress: ProgressOut
    units_done: list[int] = Field(description="The ids of the units marked done.")


def _with_details(queryset):
    return queryset.select_related("language", "country")


def _course(request, course_id: int) -> Course:
    """The course, or 404 for an unknown one and for a draft the person may not see."""
    course = _with_details(Course.objects.filter(pk=course_id)).first()
    if course is None or not access_for(request.user, course).can(Action.VIEW):
        raise HttpError(404, _("There is no such course."))
    return course


def _unit_url(unit: Unit) -> str:
    return reverse("courses:unit", args=[unit.course_id, unit.pk])


def _progress_out(progress: queries.Progress) -> dict:
    return {
        "done": progress.done,
        "required": progress.required,
        "percent": progress.percent,
        "completed_at": progress.completed_at,
    }


@router.get("/", response=list[CourseOut], summary="Courses open for enrolment now")
@paginate(Pagination)
def list_courses(request):
    return _with_details(queries.open_courses())


@router.get(
    "/mine",
    response=list[EnrolmentOut],
    auth=django_auth,
    summary="The courses I am enrolled in, with my progress",
)
@paginate(Pagination)
def my_enrolments(request):
    courses = list(_with_details(queries.courses_of(request.user)))
    done = queries.units_done_by_enrolment([course.enrolment_id for course in courses])
    return [
        {
            "course": course,
            "enrolled_at": course.enrolled_at,
            "progress": _progress_out(
                queries.progress_from(course.units_done, course.units_required, course.completed_at)
            ),
            "units_done": sorted(done.get(course.enrolment_id, ())),
        }
        for course in courses
    ]


@router.get(
    "/{id:course_id}",
    response={200: CourseDetailOut, 404: ErrorOut},
    summary="A course and the outline of its units",
)
def course_detail(request, course_id: Id):
    course = _course(request, course_id)
    units = [
        {
            "id": unit.pk,
            "position": index,
            "title": unit.title,
            "required": unit.required,
            "opens_at": unit.opens_at,
            "url": _unit_url(unit),
        }
        for index, unit in enumerate(queries.units_of(course), start=1)
    ]
    course.outline = units
    return course


def _call(service, **kwargs):
    try:
        return service(**kwargs), None
    except PermissionDenied as error:
        return None, Status(403, {"detail": str(error)})
    except ValidationError as error:
        return None, Status(422, {"detail": " ".join(error.messages)})


@router.post(
    "/{id:course_id}/enrol",
    response={201: ProgressOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Enrol in a course (again after leaving: the progress is kept)",
)
def enrol(request, course_id: Id):
    course = _course(request, course_id)
    enrolment, refused = _call(services.enrol, actor=request.user, course=course)
    if refused:
        return refused
    return Status(201, _progress_out(queries.progress(enrolment)))


@router.post(
    "/{id:course_id}/leave",
    response={200: DetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Leave a course (the progress is kept should I come back)",
)
def leave(request, course_id: Id):
    course = _course(request, course_id)
    _result, refused = _call(services.leave_course, actor=request.user, course=course)
    if refused:
        return refused
    return Status(200, {"detail": _("You left the course.")})


def _unit(course: Course, unit_id: int) -> Unit:
    unit = Unit.objects.filter(course=course, pk=unit_id).select_related("course").first()
    if unit is None:
        raise HttpError(404, _("There is no such unit."))
    return unit


@router.post(
    "/{id:course_id}/units/{id:unit_id}/done",
    response={200: ProgressOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Mark a unit done; my progress afterwards",
)
def mark_done(request, course_id: Id, unit_id: Id):
    course = _course(request, course_id)
    unit = _unit(course, unit_id)
    _result, refused = _call(services.mark_unit_done, actor=request.user, unit=unit)
    if refused:
        return refused
    return Status(200, _progress_out(queries.progress(access_for(request.user, course).enrolment)))


@router.delete(
    "/{id:course_id}/units/{id:unit_id}/done",
    response={200: ProgressOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Mark a unit not done again (a completed course stays completed)",
)
def unmark_done(request, course_id: Id, unit_id: Id):
    course = _course(request, course_id)
    unit = _unit(course, unit_id)
    _result, refused = _call(services.unmark_unit_done, actor=request.user, unit=unit)
    if refused:
        return refused
    return Status(200, _progress_out(queries.progress(access_for(request.user, course).enrolment)))

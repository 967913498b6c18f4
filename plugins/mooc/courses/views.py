"""The courses pages: the listing, a course, its units, the team's progress page, and
the team's editing pages. Views parse input and call the services; the policy decides
who sees what, and its reason is what a refused person reads."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csp import allow_frames_from
from core.storage import private_file_response
from plugins.mooc.courses import queries, services
from plugins.mooc.courses.forms import CourseForm, UnitFileForm, UnitForm
from plugins.mooc.courses.policy import (
    Action,
    CourseAccess,
    Role,
    access_for,
    creation_refusal,
    manageable_courses,
    unit_opens_at,
)
from plugins.mooc.models.courses import Course, Unit, UnitFile

LEARNERS_PER_PAGE = 50
LIST_SIZE = 24


def error_text(error: ValidationError | PermissionDenied) -> str:
    """The user-facing reason a service gave for refusing."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You are not allowed to do this in this course.")


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form's fields (or the form itself)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def course_view(action: Action = Action.VIEW) -> Callable:
    """Decorate a view taking ``(request, course, access, **kwargs)``: it runs only when
    the requester may do ``action`` in the course named by the URL's ``pk``.

    A course the person may not even see answers 404 (drafts are not announced);
    visitors are asked to log in; anyone else gets a 403 with the policy's reason.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, pk: int, **kwargs) -> HttpResponse:
            course = get_object_or_404(Course.objects.select_related("language", "country"), pk=pk)
            access = access_for(request.user, course)
            if not access.can(Action.VIEW):
                raise Http404
            if action is not Action.VIEW and not access.can(action):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if action not in (Action.ENROL, Action.LEAVE, Action.MARK_DONE):
                    access.require(action)
            return view(request, course=course, access=access, **kwargs)

        return wrapper

    return decorator


# --- the listing -----------------------------------------------------------------------


def course_list(request: HttpRequest) -> HttpResponse:
    """Courses open for enrolment, cohorts under way and courses coming soon."""
    related = ("language",)
    return render(
        request,
        "mooc/courses/list.html",
        {
            "open": list(queries.open_courses().select_related(*related)[:LIST_SIZE]),
            "running": list(queries.running_courses().select_related(*related)[:LIST_SIZE]),
            "upcoming": list(queries.upcoming_courses().select_related(*related)[:LIST_SIZE]),
            "may_create": creation_refusal(request.user) is None,
            "managed": list(manageable_courses(request.user).order_by("-created_at")[:LIST_SIZE]),
        },
    )


# --- a course and its units ------------------------------------------------------------


def _outline(course: Course, access: CourseAccess) -> list[dict]:
    """The units in order, each with whether the learner did it and may open it."""
    done = queries.units_done(access.enrolment if access.is_learner else None)
    return [
        {
            "unit": unit,
            "done": unit.pk in done,
            "opens_at": None if access.is_runner else unit_opens_at(course, unit),
            "may_open": access.can(Action.STUDY, unit),
        }
        for unit in queries.units_of(course)
    ]


@course_view()
def course_detail(request: HttpRequest, course: Course, access: CourseAccess) -> HttpResponse:
    outline = _outline(course, access)
    progress = None
    if access.is_learner:
        required = sum(1 for row in outline if row["unit"].required)
        done = sum(1 for row in outline if row["done"] and row["unit"].required)
        progress = queries.progress_from(done, required, access.enrolment.completed_at)
    return render(
        request,
        "mooc/courses/detail.html",
        {
            "course": course,
            "access": access,
            "outline": outline,
            "progress": progress,
            "may_enrol": access.can(Action.ENROL),
            "enrol_refusal": access.refusal(Action.ENROL)
            if request.user.is_authenticated and access.role in (Role.TEACHER, Role.OTHER)
            else "",
            "may_leave": access.can(Action.LEAVE),
            "may_manage": access.can(Action.MANAGE),
            "may_see_progress": access.can(Action.SEE_PROGRESS),
            "study_refusal": "" if access.can(Action.STUDY) else access.refusal(Action.STUDY),
            "came_back": access.role is Role.TEACHER and access.enrolment is not None,
        },
    )


@require_POST
@course_view(Action.ENROL)
def course_enrol(request: HttpRequest, course: Course, access: CourseAccess) -> HttpResponse:
    try:
        services.enrol(actor=request.user, course=course)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("You are enrolled. Start with the first unit."))
    return redirect(course.get_absolute_url())


@require_POST
@course_view(Action.LEAVE)
def course_leave(request: HttpRequest, course: Course, access: CourseAccess) -> HttpResponse:
    try:
        services.leave_course(actor=request.user, course=course)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("You left the course. Your progress is kept should you come back.")
        )
    return redirect(course.get_absolute_url())


def _unit_of(course: Course, unit_id: int) -> Unit:
    return get_object_or_404(Unit, course=course, pk=unit_id)


@course_view(Action.STUDY)
def unit_detail(
    request: HttpRequest, course: Course, access: CourseAccess, unit_id: int
) -> HttpResponse:
    unit = _unit_of(course, unit_id)
    access.require(Action.STUDY, unit)
    units = list(queries.units_of(course).only("pk", "title", "position", "course_id"))
    index = next(i for i, other in enumerate(units) if other.pk == unit.pk)
    done = access.is_learner and unit.pk in queries.units_done(access.enrolment)
    video = queries.video_of(unit.video_url) if unit.video_url else None
    response = render(
        request,
        "mooc/courses/unit.html",
        {
            "course": course,
            "unit": unit,
            "access": access,
            "section_title": unit.title,
            "files": list(unit.files.all()),
            "video": video,
            "done": done,
            "is_learner": access.is_learner,
            "mark_refusal": access.refusal(Action.MARK_DONE, unit) if access.is_learner else "",
            "previous": units[index - 1] if index > 0 else None,
            "next": units[index + 1] if index + 1 < len(units) else None,
            "position": index + 1,
            "count": len(units),
            "may_manage": access.can(Action.MANAGE),
        },
    )
    if video is not None:
        # The service's player is the one frame this page shows.
        allow_frames_from(response, video.origin)
    return response


@require_POST
@course_view(Action.MARK_DONE)
def unit_mark(
    request: HttpRequest, course: Course, access: CourseAccess, unit_id: int
) -> HttpResponse:
    """Mark the unit done (``done=1``) or not done again (``done=0``)."""
    unit = _unit_of(course, unit_id)
    try:
        if request.POST.get("done") == "0":
            services.unmark_unit_done(actor=request.user, unit=unit)
            messages.success(request, _("The unit is marked not done."))
        else:
            services.mark_unit_done(actor=request.user, unit=unit)
            enrolment = access_for(request.user, course).enrolment
            if enrolment and enrolment.completed_at and not access.enrolment.completed_at:
                messages.success(request, _("Congratulations: you completed the course!"))
            else:
                messages.success(request, _("The unit is marked done."))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, error_text(error))
    return redirect("courses:unit", course.pk, unit.pk)


@course_view(Action.VIEW)
def unit_file_download(
    request: HttpRequest, course: Course, access: CourseAccess, unit_id: int, file_id: int
) -> HttpResponse:
    """Stream a unit's private file to a learner (or the team); anyone else: 404."""
    unit = _unit_of(course, unit_id)
    if not access.can(Action.STUDY, unit):
        raise Http404
    unit_file = get_object_or_404(UnitFile, unit=unit, pk=file_id)
    return private_file_response(
        unit_file.file,
        filename=unit_file.file.name.rpartition("/")[2],
        content_type=unit_file.content_type or "application/octet-stream",
    )


@course_view(Action.SEE_PROGRESS)
def course_progress(request: HttpRequest, course: Course, access: CourseAccess) -> HttpResponse:
    """Every learner's progress, for the team and the organisers."""
    page = Paginator(queries.learners(course), LEARNERS_PER_PAGE).get_page(request.GET.get("page"))
    required = queries.required_units(course)
    page.object_list = [
        queries.LearnerProgress(
            enrolment=enrolment,
            progress=queries.progress_from(enrolment.units_done, required, enrolment.completed_at),
        )
        for enrolment in page.object_list
    ]
    return render(
        request,
        "mooc/courses/progress.html",
        {
            "course": course,
            "section_title": _("The learners' progress"),
            "page": page,
            "learners": page.paginator.count,
            "completed": queries.completed_enrolments(course),
        },
    )


# --- the team's editing pages ----------------------------------------------------------


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    reason = creation_refusal(request.user)
    if reason:
        raise PermissionDenied(reason)
    form = CourseForm(request.POST or None, initial={"pacing": Course.Pacing.SELF_PACED})
    if request.method == "POST" and form.is_valid():
        try:
            course = services.create_course(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The course is created. Add its units, then publish it."))
            return redirect("courses:manage", course.pk)
    return render(request, "mooc/courses/course_form.html", {"form": form, "course": None})


@course_view(Action.MANAGE)
def course_manage(request: HttpRequest, course: Course, access: CourseAccess) -> HttpResponse:
    units = list(queries.units_of(course).prefetch_related("files"))
    return render(
        request,
        "mooc/courses/manage.html",
        {
            "course": course,
            "section_title": _("Edit the course"),
            "units": units,
            "may_publish": access.role in (Role.ORGANISER,) and course.published_at is None,
            "publish_refusal": access.refusal(Action.PUBLISH)
            if course.published_at is None
            else "",
        },
    )


@course_view(Action.MANAGE)
def course_edit(request: HttpRequest, course: Course, access: CourseAccess) -> HttpResponse:
    organiser = access.role is Role.ORGANISER
    form = CourseForm(
        request.POST or None, initial=CourseForm.initial_for(course), organiser=organiser
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_course(actor=request.user, course=course, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            if isinstance(error, PermissionDenied):
                form.add_error(None, error_text(error))
            else:
                _form_errors(form, error)
        else:
            messages.success(request, _("The course is saved."))
            return redirect("courses:manage", course.pk)
    return render(request, "mooc/courses/course_form.html", {"form": form, "course": course})


@require_POST
@course_view(Action.PUBLISH)
def course_publish(request: HttpRequest, course: Course, access: CourseAccess) -> HttpResponse:
    try:
        services.publish_course(actor=request.user, course=course)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The course is published."))
    return redirect("courses:manage", course.pk)


@course_view(Action.MANAGE)
def unit_new(request: HttpRequest, course: Course, access: CourseAccess) -> HttpResponse:
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_unit(actor=request.user, course=course, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The unit is added."))
            return redirect("courses:manage", course.pk)
    return render(
        request,
        "mooc/courses/unit_form.html",
        {"form": form, "course": course, "unit": None, "section_title": _("Add a unit")},
    )


@course_view(Action.MANAGE)
def unit_edit(
    request: HttpRequest, course: Course, access: CourseAccess, unit_id: int
) -> HttpResponse:
    unit = _unit_of(course, unit_id)
    form = UnitForm(request.POST or None, initial=UnitForm.initial_for(unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The unit is saved."))
            return redirect("courses:manage", course.pk)
    return render(
        request,
        "mooc/courses/unit_form.html",
        {"form": form, "course": course, "unit": unit, "section_title": unit.title},
    )


@require_POST
@course_view(Action.MANAGE)
def unit_move(
    request: HttpRequest, course: Course, access: CourseAccess, unit_id: int
) -> HttpResponse:
    unit = _unit_of(course, unit_id)
    try:
        services.move_unit(actor=request.user, unit=unit, direction=request.POST.get("direction"))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The unit “%(unit)s” is moved.") % {"unit": unit.title})
    return redirect("courses:manage", course.pk)


@require_POST
@course_view(Action.MANAGE)
def unit_delete(
    request: HttpRequest, course: Course, access: CourseAccess, unit_id: int
) -> HttpResponse:
    unit = _unit_of(course, unit_id)
    title = unit.title
    services.delete_unit(actor=request.user, unit=unit)
    messages.success(request, _("The unit “%(unit)s” is deleted.") % {"unit": title})
    return redirect("courses:manage", course.pk)


@course_view(Action.MANAGE)
def unit_file_new(
    request: HttpRequest, course: Course, access: CourseAccess, unit_id: int
) -> HttpResponse:
    unit = _unit_of(course, unit_id)
    form = UnitFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_unit_file(
                actor=request.user,
                unit=unit,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The file is added to the unit."))
            return redirect("courses:manage", course.pk)
    return render(
        request,
        "mooc/courses/file_form.html",
        {"form": form, "course": course, "unit": unit, "section_title": _("Add a file")},
    )


@require_POST
@course_view(Action.MANAGE)
def unit_file_delete(
    request: HttpRequest, course: Course, access: CourseAccess, unit_id: int, file_id: int
) -> HttpResponse:
    unit = _unit_of(course, unit_id)
    unit_file = get_object_or_404(UnitFile, unit=unit, pk=file_id)
    services.delete_unit_file(actor=request.user, unit_file=unit_file)
    messages.success(request, _("The file is deleted."))
    return redirect("courses:manage", course.pk)

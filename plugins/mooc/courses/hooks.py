"""Hook implementations of the mooc plugin's courses (see docs/hooks.md): their pages,
menu entry and desktop panel, notification kinds, calendar items, REST API, search,
portal listing, privacy provider and demo data."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.contrib import (
    ApiRouter,
    CalendarEvent,
    DemoData,
    DesktopPanel,
    MenuItem,
    NotificationKind,
    PortalListing,
    PrivacyProvider,
    SearchProvider,
    UrlMount,
)
from core.plugins import hookimpl

PANEL_SIZE = 5


def _not_a_pupil(user) -> bool:
    # Pupils never reach the courses (the mount is closed to them): no entry, no panel.
    return not (user.is_authenticated and user.kind == user.Kind.PUPIL)


@hookimpl
def register_urls() -> list[UrlMount]:
    return [UrlMount(prefix="courses/", urlconf="plugins.mooc.courses.urls", namespace="courses")]


@hookimpl
def register_menu_items(user) -> list[MenuItem]:
    if not _not_a_pupil(user):
        return []
    return [
        MenuItem(
            key="courses",
            label=gettext_lazy("Online courses"),
            url=reverse("courses:list"),
            order=46,
        )
    ]


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    """My courses: each one's progress, and the courses the person runs."""
    from plugins.mooc.courses import queries
    from plugins.mooc.courses.policy import creation_refusal, manageable_courses

    if not user.is_authenticated or not _not_a_pupil(user):
        return []
    rows = [
        {
            "course": course,
            "progress": queries.progress_from(
                course.units_done, course.units_required, course.completed_at
            ),
        }
        for course in queries.courses_of(user)[:PANEL_SIZE]
    ]
    running = list(
        manageable_courses(user).order_by("-created_at").only("pk", "title")[:PANEL_SIZE]
    )
    may_create = creation_refusal(user) is None
    if not rows and not running and user.kind != user.Kind.TEACHER:
        return []
    return [
        DesktopPanel(
            key="courses",
            title=gettext_lazy("My courses"),
            template="mooc/courses/panel.html",
            context={"rows": rows, "running": running, "may_create": may_create},
            order=46,
        )
    ]


@hookimpl
def register_notification_kinds() -> list[NotificationKind]:
    from plugins.mooc.courses import notifications

    return list(notifications.KINDS)


@hookimpl
def register_calendar_events(user) -> list[CalendarEvent]:
    """The dates of the cohort courses ``user`` learns in or runs, and the days their
    units open."""
    from plugins.mooc.courses import notifications
    from plugins.mooc.courses.policy import unit_opens_at
    from plugins.mooc.models.courses import Course, Enrolment, Unit

    if not user.is_authenticated or not _not_a_pupil(user):
        return []
    enrolled = Enrolment.objects.filter(
        course=OuterRef("pk"), user_id=user.pk, left_at__isnull=True
    )
    in_team = Course.team.through.objects.filter(course_id=OuterRef("pk"), user_id=user.pk)
    courses = list(
        Course.objects.filter(pacing=Course.Pacing.COHORT, published_at__isnull=False)
        .filter(Exists(enrolled) | Exists(in_team))
        .only("pk", "title", "summary", "pacing", "starts_at", "ends_at")
    )
    by_pk = {course.pk: course for course in courses}
    events = [
        CalendarEvent(
            uid=notifications.calendar_uid(course),
            title=_("Online course “%(course)s”") % {"course": course.title},
            starts_at=course.starts_at,
            ends_at=course.ends_at,
            url=course.get_absolute_url(),
            description=course.summary,
        )
        for course in courses
    ]
    units = Unit.objects.filter(course_id__in=by_pk, opens_at__isnull=False).only(
        "pk", "title", "course_id", "opens_at"
    )
    for unit in units:
        course = by_pk[unit.course_id]
        opens = unit_opens_at(course, unit)
        events.append(
            CalendarEvent(
                uid=notifications.unit_calendar_uid(course, unit),
                title=_("“%(course)s”: the unit “%(unit)s” opens")
                % {"course": course.title, "unit": unit.title},
                starts_at=opens,
                ends_at=opens,
                url=reverse("courses:unit", args=[course.pk, unit.pk]),
            )
        )
    return events


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    from plugins.mooc.courses.api import router

    return [ApiRouter(prefix="courses/", router=router, tags=("courses",))]


@hookimpl
def register_search_providers() -> list[SearchProvider]:
    from plugins.mooc.courses.search import providers

    return providers()


@hookimpl
def register_portal_listings() -> list[PortalListing]:
    from plugins.mooc.courses.search import open_portal_items

    return [
        PortalListing(
            key="courses.open",
            title=gettext_lazy("Courses open for enrolment"),
            kind="courses",
            items=open_portal_items,
            order=46,
        )
    ]


@hookimpl
def register_privacy_providers() -> list[PrivacyProvider]:
    from plugins.mooc.courses import privacy

    return [
        PrivacyProvider(
            key="mooc.courses",
            export=privacy.export_courses_data,
            erase=privacy.erase_courses_data,
        )
    ]


@hookimpl
def register_demo_data() -> list[DemoData]:
    from plugins.mooc.courses.demo import load_courses_demo_data

    return [DemoData(key="mooc.courses", load=load_courses_demo_data, order=86)]

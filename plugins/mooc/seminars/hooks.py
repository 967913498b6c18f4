"""Hook implementations of the mooc plugin's seminars (see docs/hooks.md): their pages,
menu entry and desktop panel, notification kinds, scheduled tasks, calendar items, REST
API, search, portal listings, privacy and demo data."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
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
    ScheduledTask,
    SearchProvider,
    UrlMount,
)
from core.models import SeatClaim
from core.plugins import hookimpl

PANEL_SIZE = 5


def _not_a_pupil(user) -> bool:
    # Pupils never reach the seminars (the mount is closed to them): no entry, no panel.
    return not (user.is_authenticated and user.kind == user.Kind.PUPIL)


@hookimpl
def register_urls() -> list[UrlMount]:
    return [
        UrlMount(prefix="seminars/", urlconf="plugins.mooc.seminars.urls", namespace="seminars")
    ]


@hookimpl
def register_menu_items(user) -> list[MenuItem]:
    if not _not_a_pupil(user):
        return []
    return [
        MenuItem(
            key="seminars",
            label=gettext_lazy("Online seminars"),
            url=reverse("seminars:list"),
            order=45,
        )
    ]


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    """My seminars: the coming ones I registered for, wait for or speak at."""
    from django.utils import timezone

    from plugins.mooc.seminars import queries

    if not user.is_authenticated or not _not_a_pupil(user):
        return []
    seminars = list(
        queries.seminars_of(user)
        .filter(ends_at__gt=timezone.now())
        .select_related("language")[:PANEL_SIZE]
    )
    if not seminars and user.kind != user.Kind.TEACHER:
        return []
    return [
        DesktopPanel(
            key="seminars",
            title=gettext_lazy("My seminars"),
            template="mooc/seminars/panel.html",
            context={"seminars": seminars},
            order=45,
        )
    ]


@hookimpl
def register_notification_kinds() -> list[NotificationKind]:
    from plugins.mooc.seminars import notifications

    return list(notifications.KINDS)


@hookimpl
def register_scheduled_tasks() -> list[ScheduledTask]:
    return [
        ScheduledTask(
            name="mooc.seminars.open_registrations",
            func="plugins.mooc.seminars.tasks.open_registrations",
            minutes=5,
            description="Tell teachers who asked that a seminar's registration has opened.",
        ),
        ScheduledTask(
            name="mooc.seminars.reminders",
            func="plugins.mooc.seminars.tasks.send_reminders",
            minutes=5,
            description="Remind registrants of a seminar the day before and an hour before.",
        ),
        ScheduledTask(
            name="mooc.seminars.attendance",
            func="plugins.mooc.seminars.tasks.close_attendance",
            minutes=5,
            description="Announce who attended each seminar that has ended.",
        ),
    ]


@hookimpl
def register_calendar_events(user: AbstractBaseUser) -> list[CalendarEvent]:
    """The announced seminars ``user`` has a seat at or speaks at (not cancelled)."""
    from plugins.mooc.models import Speaker
    from plugins.mooc.seminars import notifications, queries

    if not user.is_authenticated:
        return []
    seated = SeatClaim.objects.filter(
        offer_id=OuterRef("seat_offer_id"), user_id=user.pk, status=SeatClaim.Status.SEATED
    )
    speaks = Speaker.objects.filter(seminar_id=OuterRef("pk"), user_id=user.pk)
    seminars = queries.announced().filter(Exists(seated) | Exists(speaks)).order_by("starts_at")
    return [
        CalendarEvent(
            uid=notifications.calendar_uid(seminar),
            title=_("Online seminar: %(seminar)s") % {"seminar": seminar.title},
            starts_at=seminar.starts_at,
            ends_at=seminar.ends_at,
            url=seminar.get_absolute_url(),
        )
        for seminar in seminars
    ]


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    from plugins.mooc.seminars.api import router

    return [ApiRouter(prefix="seminars/", router=router, tags=("seminars",))]


@hookimpl
def register_search_providers() -> list[SearchProvider]:
    from plugins.mooc.seminars.search import providers

    return providers()


@hookimpl
def register_portal_listings() -> list[PortalListing]:
    from plugins.mooc.seminars.search import open_portal_items, upcoming_portal_items

    return [
        PortalListing(
            key="seminars.upcoming",
            title=gettext_lazy("Upcoming online seminars"),
            kind="seminars",
            items=upcoming_portal_items,
            order=40,
        ),
        PortalListing(
            key="seminars.open",
            title=gettext_lazy("Open for registration"),
            kind="seminars",
            items=open_portal_items,
            order=41,
        ),
    ]


@hookimpl
def register_privacy_providers() -> list[PrivacyProvider]:
    from plugins.mooc.seminars import privacy

    return [
        PrivacyProvider(
            key="mooc.seminars",
            export=privacy.export_seminars_data,
            erase=privacy.erase_seminars_data,
        )
    ]


@hookimpl
def register_demo_data() -> list[DemoData]:
    from plugins.mooc.seminars.demo import load_seminars_demo_data

    return [DemoData(key="mooc.seminars", load=load_seminars_demo_data, order=80)]

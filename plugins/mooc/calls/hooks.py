"""Hook implementations of the calls for events (see docs/hooks.md): their pages, menu
entry and desktop panel, notification kinds, the event in selected applicants'
calendars, the REST API, the search, the portal listing, privacy and demo data."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
    return not (user.is_authenticated and user.kind == user.Kind.PUPIL)


@hookimpl
def register_urls() -> list[UrlMount]:
    return [UrlMount(prefix="calls/", urlconf="plugins.mooc.calls.urls", namespace="calls")]


@hookimpl
def register_menu_items(user) -> list[MenuItem]:
    if not _not_a_pupil(user):
        return []
    return [MenuItem(key="calls", label=_("Calls for events"), url=reverse("calls:list"), order=55)]


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    """My applications to calls for events and their status (teachers)."""
    from plugins.mooc.calls import queries

    if not user.is_authenticated or user.kind != user.Kind.TEACHER:
        return []
    applications = list(queries.applications_of(user)[:PANEL_SIZE])
    return [
        DesktopPanel(
            key="calls",
            title=_("My applications"),
            template="mooc/calls/panel.html",
            context={"applications": applications},
            order=58,
        )
    ]


@hookimpl
def register_notification_kinds() -> list[NotificationKind]:
    from plugins.mooc.calls import notifications

    return list(notifications.KINDS)


@hookimpl
def register_calendar_events(user: AbstractBaseUser) -> list[CalendarEvent]:
    """The events ``user`` is selected for, with the venue as the location."""
    from core.sanitiser import plain_text
    from plugins.mooc.calls import notifications, queries
    from plugins.mooc.models.calls import Application

    if not user.is_authenticated:
        return []
    selected = queries.applications_of(user).filter(status=Application.Status.SELECTED)
    return [
        CalendarEvent(
            uid=notifications.calendar_uid(application.call),
            title=application.call.title,
            starts_at=application.call.event_starts_at,
            ends_at=application.call.event_ends_at,
            url=application.call.get_absolute_url(),
            description=plain_text(application.call.description)[:500],
            location=application.call.venue,
        )
        for application in selected
    ]


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    from plugins.mooc.calls.api import router

    return [ApiRouter(prefix="calls/", router=router, tags=("calls",))]


@hookimpl
def register_search_providers() -> list[SearchProvider]:
    from plugins.mooc.calls.search import providers

    return providers()


@hookimpl
def register_portal_listings() -> list[PortalListing]:
    from plugins.mooc.calls.search import open_portal_items

    return [
        PortalListing(
            key="calls.open",
            title=_("Open calls for events"),
            kind="calls",
            items=open_portal_items,
            order=45,
        )
    ]


@hookimpl
def register_privacy_providers() -> list[PrivacyProvider]:
    from plugins.mooc.calls import privacy

    return [
        PrivacyProvider(
            key="mooc.calls",
            export=privacy.export_calls_data,
            erase=privacy.erase_calls_data,
        )
    ]


@hookimpl
def register_demo_data() -> list[DemoData]:
    from plugins.mooc.calls.demo import load_calls_demo_data

    return [DemoData(key="mooc.calls", load=load_calls_demo_data, order=87)]

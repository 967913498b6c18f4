"""Hook implementations of the meetings pages: their URLs, the menu entry and the
desktop panel (see docs/hooks.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.contrib import DesktopPanel, MenuItem, UrlMount
from core.plugins import hookimpl

PANEL_SIZE = 5


def _not_a_pupil(user) -> bool:
    # Pupils never reach the meetings (the mount is closed to them): no entry, no panel.
    return not (user.is_authenticated and user.kind == user.Kind.PUPIL)


@hookimpl
def register_urls() -> list[UrlMount]:
    return [UrlMount(prefix="meetings/", urlconf="plugins.meetings.urls", namespace="meetings")]


@hookimpl
def register_menu_items(user) -> list[MenuItem]:
    if not _not_a_pupil(user):
        return []
    return [
        MenuItem(
            key="meetings", label=_("Teaching meetings"), url=reverse("meetings:list"), order=40
        )
    ]


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    """My meetings (as participant, on the waiting list or as trainer): each one's
    current phase and the next date."""
    from plugins.meetings import queries
    from plugins.meetings.policy import can_create_meetings

    if not user.is_authenticated or not _not_a_pupil(user):
        return []
    meetings = list(queries.meetings_of(user).select_related("language")[:PANEL_SIZE])
    may_create = can_create_meetings(user)
    if not meetings and user.kind != user.Kind.TEACHER and not may_create:
        return []
    rows = [{"meeting": meeting, "phase": queries.phase_info(meeting)} for meeting in meetings]
    return [
        DesktopPanel(
            key="meetings",
            title=_("My teaching meetings"),
            template="meetings/panel.html",
            context={"rows": rows, "may_create": may_create},
            order=40,
        )
    ]

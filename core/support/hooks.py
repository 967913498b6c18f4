"""Hook implementations of core's support area (see docs/hooks.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.contrib import ApiRouter, DesktopPanel, MenuItem
from core.plugins import hookimpl

PANEL_SIZE = 5


def _is_teacher(user) -> bool:
    return user.is_authenticated and user.kind == "teacher"


def _support_queue_panel(user) -> list[DesktopPanel]:
    """For NSS staff: the open support requests of the countries they serve."""
    from core.models import SupportRequest
    from core.support import services

    if not services.is_support_staff(user):
        return []
    count = services.requests_for_staff(user).filter(status=SupportRequest.Status.OPEN).count()
    return [
        DesktopPanel.queue(
            key="support-queue",
            title=_("Support requests"),
            count=count,
            summary=ngettext(
                "support request is open and waits for an answer.",
                "support requests are open and wait for an answer.",
                count,
            ),
            url=reverse("opentwin_support"),
            link_label=_("Answer the support requests"),
            order=23,
        )
    ]


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    from core.models import SupportRequest

    if not user.is_authenticated:
        return []
    panels = _support_queue_panel(user)
    if not _is_teacher(user):
        return panels
    requests = list(
        SupportRequest.objects.filter(
            teacher=user,
            status__in=[SupportRequest.Status.OPEN, SupportRequest.Status.ANSWERED],
        ).order_by("-updated_at", "-pk")[:PANEL_SIZE]
    )
    return [
        *panels,
        DesktopPanel(
            key="support",
            title=_("My support requests"),
            template="core/support/panel.html",
            context={"requests": requests},
            order=60,
        ),
    ]


@hookimpl
def register_menu_items(user) -> list[MenuItem]:
    if not _is_teacher(user):
        return []
    return [MenuItem(key="support", label=_("Help"), url=reverse("core:support"), order=85)]


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    from core.support.api import support_router

    return [ApiRouter(prefix="support/", router=support_router, tags=("support",))]

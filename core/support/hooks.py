"""Hook implementations of core's support area (see docs/hooks.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.contrib import ApiRouter, DesktopPanel, MenuItem
from core.plugins import hookimpl

PANEL_SIZE = 5


def _is_teacher(user) -> bool:
    return user.is_authenticated and user.kind == "teacher"


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    from core.models import SupportRequest

    if not _is_teacher(user):
        return []
    requests = list(
        SupportRequest.objects.filter(
            teacher=user,
            status__in=[SupportRequest.Status.OPEN, SupportRequest.Status.ANSWERED],
        ).order_by("-updated_at", "-pk")[:PANEL_SIZE]
    )
    return [
        DesktopPanel(
            key="support",
            title=_("My support requests"),
            template="core/support/panel.html",
            context={"requests": requests},
            order=60,
        )
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

"""Hook implementations of core's directory area (see docs/hooks.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.contrib import ApiRouter, DesktopPanel, MenuItem, SearchProvider
from core.plugins import hookimpl


@hookimpl
def register_search_providers() -> list[SearchProvider]:
    from core.directory.search import providers

    return providers()


@hookimpl
def register_menu_items(user) -> list[MenuItem]:
    if user.is_authenticated and user.kind == user.Kind.PUPIL:
        return []
    items = [MenuItem(key="search", label=_("Search"), url=reverse("core:search"), order=30)]
    if user.is_authenticated and user.kind == user.Kind.TEACHER:
        items.append(
            MenuItem(key="contacts", label=_("Contacts"), url=reverse("core:contacts"), order=35)
        )
    return items


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    from core.directory.services import contacts_of
    from core.models import ContactRequest

    if user.kind != user.Kind.TEACHER:
        return []
    received = list(
        ContactRequest.objects.filter(
            recipient=user, status=ContactRequest.Status.PENDING
        ).select_related("sender")[:10]
    )
    return [
        DesktopPanel(
            key="contacts",
            title=_("My contacts"),
            template="core/directory/panel.html",
            context={"received": received, "contact_count": contacts_of(user).count()},
            order=40,
            needs_action=bool(received),
        )
    ]


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    from core.directory.api import router

    return [ApiRouter(prefix="directory/", router=router, tags=("directory",))]

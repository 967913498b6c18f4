"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from core.contrib import MenuItem
from core.plugins import hook


def main_menu(user) -> list[MenuItem]:
    """The navigation entries every active plugin offers to ``user``, in order."""
    items = [item for items in hook().register_menu_items(user=user) for item in items]
    return sorted(items, key=lambda item: (item.order, str(item.label)))


def site_navigation(request: HttpRequest) -> dict[str, object]:
    return {"main_menu": main_menu(request.user)}

"""Hook implementations of core's accounts area (see docs/hooks.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.accounts import signals  # noqa: F401  (connects the login receiver)
from core.contrib import ApiRouter, MenuItem, PrivacyProvider, ScheduledTask
from core.plugins import hookimpl


@hookimpl
def register_menu_items(user) -> list[MenuItem]:
    if not user.is_authenticated or user.is_pupil:
        return []
    return [MenuItem(key="profile", label=_("My profile"), url=reverse("core:profile"), order=80)]


@hookimpl
def register_scheduled_tasks() -> list[ScheduledTask]:
    return [
        ScheduledTask(
            name="core.account_timeline",
            func="core.accounts.tasks.apply_account_timeline",
            cron="30 2 * * *",
            description="Warn, deactivate and erase accounts unused for a long time.",
        )
    ]


@hookimpl
def register_privacy_providers() -> list[PrivacyProvider]:
    from core.accounts import privacy

    return [
        PrivacyProvider(
            key="accounts",
            export=privacy.export_account_data,
            erase=privacy.erase_account_data,
        )
    ]


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    from core.accounts.api import account_router

    return [ApiRouter(prefix="account/", router=account_router, tags=("account",))]

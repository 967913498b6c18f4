"""Hook implementations of core's registration area (see docs/hooks.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.contrib import DesktopPanel, MenuItem
from core.plugins import hookimpl


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    """For teachers: the account state and the next step to take."""
    from core.models import User

    if user.kind != User.Kind.TEACHER:
        return []
    validation = user.validation_requests.order_by("-created_at", "-pk").first()
    return [
        DesktopPanel(
            key="registration",
            title=_("Registration"),
            template="core/registration/panel.html",
            context={"account": user, "validation": validation},
            order=5,
            # Confirming the e-mail, choosing the school or trying again is the next step.
            needs_action=user.state
            in (User.State.EMAIL_UNVERIFIED, User.State.PROFILE_INCOMPLETE, User.State.REJECTED),
        )
    ]


@hookimpl
def register_menu_items(user) -> list[MenuItem]:
    if user.is_authenticated:
        return []
    return [MenuItem(key="register", label=_("Register"), url=reverse("core:register"), order=95)]

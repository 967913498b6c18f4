"""Signal receivers of core's accounts area (connected when core.accounts.hooks loads)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="core.accounts.reset_inactivity_warnings")
def reset_inactivity_warnings(sender, request, user, **kwargs) -> None:
    from core.accounts.services import record_login

    record_login(user)

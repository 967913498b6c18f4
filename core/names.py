"""How people are named to others: pupils by first name and initial (DOMAIN.md §9)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from core.models import User


def public_name(user: User | None) -> str:
    """The name others see: "Ana García", a pupil's "Lucía M.", or "A former member"."""
    if user is None or user.state == user.State.DELETED:
        return _("A former member")
    if user.is_pupil:
        initial = user.last_name.strip()[:1]
        return f"{user.first_name} {initial}." if initial else user.first_name or user.username
    return user.display_name()

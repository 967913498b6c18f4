"""What a verification says about an award, shared by the page and the API."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from plugins.labels.models import Award


def issued_on(award: Award) -> date:
    """The day the award was issued, in the site's time zone."""
    return timezone.localdate(award.issued_at)


def revoked_on(award: Award) -> date | None:
    return timezone.localdate(award.revoked_at) if award.revoked_at else None


def has_expired(award: Award, today: date | None = None) -> bool:
    """Whether the award's validity ended (its ``valid_until`` is in the past)."""
    if award.valid_until is None:
        return False
    return award.valid_until < (today or timezone.localdate())


def revocation_reason(award: Award) -> str | None:
    """Why a revoked award was revoked: the support service's reason, or "Holder erased"
    (never more about an erased holder); ``None`` for a valid award."""
    if award.is_valid:
        return None
    if award.holder_erased:
        return str(Award.RevocationCause.HOLDER_ERASED.label)
    return award.revocation_reason

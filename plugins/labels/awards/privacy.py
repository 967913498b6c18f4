"""What the awards hold about one person, for export and erasure (the privacy hook).

Erasure revokes each of the person's awards as "holder erased" and removes their name
from it: its verification page then says it was revoked and names no one. The award
itself stays, so that a code printed on paper never turns into "unknown". Safe to run
twice.
"""

from __future__ import annotations

from typing import Any

from core.models import User
from plugins.labels.awards import services, texts
from plugins.labels.models import Award


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export_awards_data(user: User) -> dict[str, Any]:
    """Every award issued to ``user``."""
    awards = Award.objects.filter(recipient_user=user).select_related("issuer_country")
    return {
        "awards": [
            {
                "award": texts.award_name(award),
                "for": award.subject_title,
                "subject_type": award.subject_type,
                "issued_by": texts.issuer_name(award),
                "issued": _when(award.issued_at),
                "valid_until": _when(award.valid_until),
                "name_on_award": award.recipient_name,
                "verification_code": award.code,
                "state": award.state,
                "revoked": _when(award.revoked_at),
                "reason": award.revocation_reason,
            }
            for award in awards.order_by("issued_at", "pk")
        ]
    }


def erase_awards_data(user: User) -> None:
    services.erase_holder(user)

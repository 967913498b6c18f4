"""Reading awards: a holder's awards, one award by its code."""

from __future__ import annotations

from django.db.models import QuerySet

from core.models import User
from plugins.labels.models import Award
from plugins.labels.models.awards import normalise_code


def with_related(awards: QuerySet[Award]) -> QuerySet[Award]:
    """What the award's words need (texts.py), in the same query."""
    return awards.select_related("issuer_country", "country", "recipient_user", "recipient_school")


def awards_of(user: User) -> QuerySet[Award]:
    """``user``'s awards, newest first (revoked ones too: their page says why)."""
    return with_related(Award.objects.filter(recipient_user=user)).order_by("-issued_at", "-pk")


def award_by_code(text: str) -> Award | None:
    """The award whose verification code is ``text`` as typed or scanned, or ``None``."""
    code = normalise_code(text)
    if not code:
        return None
    return with_related(Award.objects.filter(code=code)).first()

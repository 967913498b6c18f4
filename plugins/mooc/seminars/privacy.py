"""What the seminars hold about one person, for export and erasure (the privacy hook).

The seat claims themselves are in core's export. Here: the reminders asked for, the
attendances, the talks given and the seminars created. Erasure:
- a live registration for a seminar that has not started is cancelled through the
  service, so the first person waiting takes the seat and is told (the claims of past
  seminars stay, pointing at the anonymous account: they are the seminar's attendance);
- reminder requests and attendances go (a certificate already given is the labels
  plugin's, which erases its own);
- a talk stays in the programme as a guest's, without the account or the name;
- what they created keeps no link to them.
Safe to run twice.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import SeatClaim, User
from plugins.mooc.models import Seminar, SeminarAttendance, SeminarInterest, Speaker
from plugins.mooc.seminars import services


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export_seminars_data(user: User) -> dict[str, Any]:
    """Everything the seminars hold about ``user``."""
    claims = SeatClaim.objects.filter(user=user, offer__key__startswith="mooc.seminar-")
    seminars = Seminar.objects.filter(seat_offer__in=claims.values("offer_id"))
    by_offer = {seminar.seat_offer_id: seminar.title for seminar in seminars}
    return {
        "registrations": [
            {"seminar": by_offer.get(claim.offer_id), "status": claim.status}
            for claim in claims.order_by("created_at", "pk")
        ],
        "reminder_requests": [
            {
                "seminar": interest.seminar.title,
                "asked": _when(interest.created_at),
                "told": _when(interest.notified_at),
            }
            for interest in SeminarInterest.objects.filter(user=user).select_related("seminar")
        ],
        "attendances": [
            {"seminar": attendance.seminar.title, "joined": _when(attendance.joined_at)}
            for attendance in SeminarAttendance.objects.filter(user=user).select_related("seminar")
        ],
        "talks": [
            {
                "seminar": speaker.seminar.title,
                "name": speaker.name,
                "affiliation": speaker.affiliation,
            }
            for speaker in Speaker.objects.filter(user=user).select_related("seminar")
        ],
        "seminars_created": [
            {"seminar": seminar.title, "created": _when(seminar.created_at)}
            for seminar in Seminar.objects.filter(created_by=user)
        ],
    }


def erase_seminars_data(user: User) -> None:
    """Erase ``user``'s seminars data as the module's docstring says. Safe to run twice."""
    with transaction.atomic():
        _cancel_live_registrations(user)
        SeminarInterest.objects.filter(user=user).delete()
        SeminarAttendance.objects.filter(user=user).delete()
        Speaker.objects.filter(user=user).update(
            user=None, name=_("Former speaker"), affiliation=""
        )
        Seminar.objects.filter(created_by=user).update(created_by=None)


def _cancel_live_registrations(user: User) -> None:
    """Free the person's seats and waiting places in seminars that have not started."""
    claims = SeatClaim.objects.filter(
        user=user, status__in=SeatClaim.LIVE_STATUSES, offer__key__startswith="mooc.seminar-"
    )
    for seminar in Seminar.objects.filter(seat_offer__in=claims.values("offer_id")):
        try:
            services.cancel_registration(actor=user, seminar=seminar)
        except (PermissionDenied, ValidationError):
            # The seminar has started: the seat is part of its attendance and stays.
            continue

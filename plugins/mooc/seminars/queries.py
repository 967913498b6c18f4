"""The read side of online seminars: lists, registrants, counts.

Each function issues the same number of queries whatever the number of registrants.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.models import SeatClaim, User
from plugins.mooc import conf
from plugins.mooc.models import Seminar, SeminarRecording, Speaker


def _claimed(seminar: Seminar, status: str) -> QuerySet[User]:
    if seminar.seat_offer_id is None:
        return User.objects.none()
    return User.objects.filter(
        seat_claims__offer_id=seminar.seat_offer_id, seat_claims__status=status
    )


def registrants(seminar: Seminar) -> QuerySet[User]:
    """The people holding a seat, by name."""
    return _claimed(seminar, SeatClaim.Status.SEATED).order_by("last_name", "first_name", "pk")


def waiting_list(seminar: Seminar) -> QuerySet[User]:
    """The people on the waiting list, first in line first."""
    return _claimed(seminar, SeatClaim.Status.WAITING).order_by(
        "seat_claims__created_at", "seat_claims__id"
    )


def speaker_accounts(seminar: Seminar) -> QuerySet[User]:
    """The speakers who have an account on the platform."""
    return User.objects.filter(seminar_talks__seminar=seminar, is_active=True).distinct()


def announced() -> QuerySet[Seminar]:
    """Seminars the public may see: published and not cancelled."""
    return Seminar.objects.filter(published_at__isnull=False, cancelled_at__isnull=True)


def with_registration_counts(seminars: QuerySet[Seminar]) -> QuerySet[Seminar]:
    """Annotate ``seats_taken`` and ``waiting_total`` (one query for the whole list)."""
    waiting = (
        SeatClaim.objects.filter(
            offer_id=OuterRef("seat_offer_id"), status=SeatClaim.Status.WAITING
        )
        .order_by()
        .values("offer_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return seminars.annotate(
        seats_taken=Coalesce("seat_offer__taken", 0),
        waiting_total=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
    )


def with_recording_flag(seminars: QuerySet[Seminar]) -> QuerySet[Seminar]:
    """Annotate ``has_recording``: a published recording exists."""
    published = SeminarRecording.objects.filter(
        seminar_id=OuterRef("pk"), published_at__isnull=False
    )
    return seminars.annotate(has_recording=Exists(published))


def upcoming_seminars() -> QuerySet[Seminar]:
    """Announced seminars that have not ended (live ones too), soonest first."""
    return announced().filter(ends_at__gt=timezone.now()).order_by("starts_at", "pk")


def open_seminars() -> QuerySet[Seminar]:
    """Announced seminars whose registration is open now, soonest first."""
    now = timezone.now()
    return (
        announced()
        .filter(starts_at__gt=now, starts_at__lte=now + timedelta(days=conf.registration_days()))
        .order_by("starts_at", "pk")
    )


def past_seminars() -> QuerySet[Seminar]:
    """Announced seminars that have ended, latest first."""
    return announced().filter(ends_at__lte=timezone.now()).order_by("-starts_at", "-pk")


def seminars_of(user) -> QuerySet[Seminar]:
    """The announced seminars ``user`` registered for, waits for or speaks at (cancelled
    ones included, so they learn of it), soonest first."""
    if user is None or not user.is_authenticated:
        return Seminar.objects.none()
    claimed = SeatClaim.objects.filter(
        offer_id=OuterRef("seat_offer_id"), user_id=user.pk, status__in=SeatClaim.LIVE_STATUSES
    )
    speaks = Speaker.objects.filter(seminar_id=OuterRef("pk"), user_id=user.pk)
    return Seminar.objects.filter(
        Q(published_at__isnull=False) & (Q(Exists(claimed)) | Q(Exists(speaks)))
    ).order_by("starts_at", "pk")


def seats_left(seminar: Seminar) -> int:
    """Free seats now (the offer's count, no lock)."""
    offer = seminar.seat_offer
    return max(offer.capacity - offer.taken, 0) if offer is not None else seminar.capacity


def registration_counts(seminar: Seminar) -> dict[str, int]:
    """Seats, seats taken, seats left and people waiting (one query)."""
    waiting = (
        SeatClaim.objects.filter(
            offer_id=seminar.seat_offer_id, status=SeatClaim.Status.WAITING
        ).count()
        if seminar.seat_offer_id
        else 0
    )
    capacity = seminar.seat_offer.capacity if seminar.seat_offer_id else seminar.capacity
    taken = seminar.seat_offer.taken if seminar.seat_offer_id else 0
    return {
        "capacity": capacity,
        "taken": taken,
        "left": max(capacity - taken, 0),
        "waiting": waiting,
    }

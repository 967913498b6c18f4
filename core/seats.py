"""Seats and waiting lists, shared by every plugin with a capacity (meetings, seminars, calls).

First come, first served: a person takes a free seat only while nobody waits; otherwise
they join the waiting list. A freed seat (a cancellation, a larger capacity) goes to the
first in line in the same transaction, so no promotion is ever lost.

How the invariants hold under concurrency, on SQLite and PostgreSQL alike:

- every mutating function first runs a no-op UPDATE on the offer's row. On PostgreSQL
  that takes the row's lock until the transaction ends; on SQLite the transaction
  already holds the database's write lock (``transaction_mode`` IMMEDIATE). Either way
  the functions for one offer run one after another, and each reads the queue as the
  previous one left it (``select_for_update`` would do nothing on SQLite);
- the seat count changes only through conditional updates
  (``taken < capacity`` to take a seat, ``taken <= capacity`` to shrink);
- a partial unique constraint refuses a second live claim of one person, and a check
  constraint refuses ``taken > capacity`` whatever code runs.

The service neither notifies nor audits: the calling plugin's service does, inside the
same transaction, with the claims these functions return. Each function runs in
``transaction.atomic()``, a savepoint when the caller already holds a transaction.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import SeatClaim, SeatOffer

Status = SeatClaim.Status


class SeatError(Exception):
    """A seat request that cannot be done; ``message`` (also ``str(error)``) says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class AlreadyClaimed(SeatError):
    """The person already holds a seat or a place on the waiting list of this offer."""


class CapacityBelowTaken(SeatError):
    """The new capacity is smaller than the number of seats already taken."""


def _checked_capacity(capacity: object) -> int:
    # bool is an int in Python, but True seats make no sense.
    if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 0:
        raise SeatError(_("The number of seats must be a whole number, zero or more."))
    return capacity


def _already_claimed(claim: SeatClaim) -> AlreadyClaimed:
    if claim.status == Status.SEATED:
        return AlreadyClaimed(_("You already have a seat."))
    return AlreadyClaimed(_("You are already on the waiting list."))


def _serialise_on(offer: SeatOffer) -> None:
    """Take the offer's lock until the transaction ends (see the module's docstring)."""
    if not SeatOffer.objects.filter(pk=offer.pk).update(taken=F("taken")):
        raise SeatError(_("These seats are no longer offered."))


def _refresh(offer: SeatOffer) -> None:
    offer.refresh_from_db(fields=["capacity", "taken"])


def _live_claim(offer: SeatOffer, user) -> SeatClaim | None:
    return (
        SeatClaim.objects.filter(offer=offer, user=user, status__in=SeatClaim.LIVE_STATUSES)
        .order_by("created_at", "id")
        .first()
    )


def _promote_waiting(offer: SeatOffer) -> list[SeatClaim]:
    """Seat the first waiting claims while seats are free; return them, first in line first."""
    promoted: list[SeatClaim] = []
    while True:
        first = (
            SeatClaim.objects.filter(offer=offer, status=Status.WAITING)
            .order_by("created_at", "id")
            .first()
        )
        if first is None:
            break
        if not SeatOffer.objects.filter(pk=offer.pk, taken__lt=F("capacity")).update(
            taken=F("taken") + 1
        ):
            break
        now = timezone.now()
        # Only this transaction may change the queue now (the offer's lock), so the
        # conditional update always matches; it is there so that a bypass would fail loudly.
        changed = SeatClaim.objects.filter(pk=first.pk, status=Status.WAITING).update(
            status=Status.SEATED, seated_at=now
        )
        if changed != 1:
            raise RuntimeError(f"waiting claim {first.pk} changed while its offer was locked")
        first.status = Status.SEATED
        first.seated_at = now
        promoted.append(first)
    return promoted


def open_offer(key: str, *, capacity: int) -> SeatOffer:
    """The offer behind ``key``, created with ``capacity`` seats if it does not exist yet.

    Idempotent: an existing offer is returned unchanged (``set_capacity`` changes it).
    """
    capacity = _checked_capacity(capacity)
    with transaction.atomic():
        offer, _created = SeatOffer.objects.get_or_create(key=key, defaults={"capacity": capacity})
    return offer


def take_seat(offer: SeatOffer, user) -> SeatClaim:
    """Claim a seat: seated if one is free and nobody waits, otherwise on the waiting list.

    Raises ``AlreadyClaimed`` when the person already holds a live claim on the offer.
    """
    with transaction.atomic():
        _serialise_on(offer)
        existing = _live_claim(offer, user)
        if existing is not None:
            raise _already_claimed(existing)
        nobody_waits = not SeatClaim.objects.filter(offer=offer, status=Status.WAITING).exists()
        seated = nobody_waits and bool(
            SeatOffer.objects.filter(pk=offer.pk, taken__lt=F("capacity")).update(
                taken=F("taken") + 1
            )
        )
        now = timezone.now()
        try:
            with transaction.atomic():
                claim = SeatClaim.objects.create(
                    offer=offer,
                    user=user,
                    status=Status.SEATED if seated else Status.WAITING,
                    seated_at=now if seated else None,
                )
        except IntegrityError:
            # Only reachable if something bypassed the offer's lock: the constraint holds.
            existing = _live_claim(offer, user)
            if existing is None:
                raise
            raise _already_claimed(existing) from None
    _refresh(offer)
    return claim


def cancel_claim(offer: SeatOffer, user) -> list[SeatClaim]:
    """Cancel the person's seat or place in line; return the claims promoted into a freed seat.

    Raises ``SeatError`` when the person holds no live claim on the offer.
    """
    with transaction.atomic():
        _serialise_on(offer)
        claim = _live_claim(offer, user)
        if claim is None:
            raise SeatError(_("You have no seat and no place on the waiting list to cancel."))
        changed = SeatClaim.objects.filter(pk=claim.pk, status=claim.status).update(
            status=Status.CANCELLED, cancelled_at=timezone.now()
        )
        if changed != 1:
            raise RuntimeError(f"claim {claim.pk} changed while its offer was locked")
        promoted: list[SeatClaim] = []
        if claim.status == Status.SEATED:
            SeatOffer.objects.filter(pk=offer.pk, taken__gt=0).update(taken=F("taken") - 1)
            promoted = _promote_waiting(offer)
    _refresh(offer)
    return promoted


def set_capacity(offer: SeatOffer, capacity: int) -> list[SeatClaim]:
    """Change the number of seats; return the waiting claims promoted when it grows.

    Raises ``CapacityBelowTaken`` when fewer seats than those already taken are asked for.
    """
    capacity = _checked_capacity(capacity)
    with transaction.atomic():
        _serialise_on(offer)
        if not SeatOffer.objects.filter(pk=offer.pk, taken__lte=capacity).update(capacity=capacity):
            taken = SeatOffer.objects.values_list("taken", flat=True).get(pk=offer.pk)
            raise CapacityBelowTaken(
                ngettext(
                    "%(taken)d seat is already taken: there cannot be fewer seats.",
                    "%(taken)d seats are already taken: there cannot be fewer seats.",
                    taken,
                )
                % {"taken": taken}
            )
        promoted = _promote_waiting(offer)
    _refresh(offer)
    return promoted


def claim_of(offer: SeatOffer, user) -> SeatClaim | None:
    """The person's live claim (seated or waiting) on the offer, if any."""
    if user is None or not getattr(user, "pk", None):
        return None
    return _live_claim(offer, user)


def waiting_position(claim: SeatClaim) -> int | None:
    """The claim's place in the waiting list (1 = next in line), or None if it does not wait."""
    if claim.status != Status.WAITING:
        return None
    ahead = SeatClaim.objects.filter(offer_id=claim.offer_id, status=Status.WAITING).filter(
        Q(created_at__lt=claim.created_at) | Q(created_at=claim.created_at, id__lt=claim.id)
    )
    return ahead.count() + 1


def seated_count(offer: SeatOffer) -> int:
    """How many people hold a seat on the offer."""
    return SeatClaim.objects.filter(offer=offer, status=Status.SEATED).count()


def waiting_count(offer: SeatOffer) -> int:
    """How many people are on the offer's waiting list."""
    return SeatClaim.objects.filter(offer=offer, status=Status.WAITING).count()

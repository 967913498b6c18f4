"""Seats and waiting lists: anything with a capacity (a meeting, a seminar, an event call).

The invariants live in the database so that no interleaving of requests can break them:
``taken`` never exceeds ``capacity`` (a check constraint), and a person holds at most one
live claim (seated or waiting) per offer (a partial unique constraint). ``core.seats``
is the only code that changes these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class SeatOffer(models.Model):
    """A number of seats behind one key, such as ``"meetings.meeting:12"``."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    # Changed only by conditional updates in core.seats; equals the number of seated claims.
    taken = models.PositiveIntegerField(_("seats taken"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("seat offer")
        verbose_name_plural = _("seat offers")
        constraints = [
            # The last line of defence: whatever code runs, never more seated than seats.
            models.CheckConstraint(
                condition=Q(taken__lte=F("capacity")), name="core_seatoffer_taken_within_capacity"
            ),
            models.CheckConstraint(
                condition=Q(taken__gte=0), name="core_seatoffer_taken_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.taken}/{self.capacity})"


class SeatClaim(models.Model):
    """One person's claim on an offer: a seat, a place on the waiting list, or cancelled."""

    class Status(models.TextChoices):
        SEATED = "seated", _("Seated")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    offer = models.ForeignKey(
        SeatOffer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="claims"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="seat_claims",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, db_index=True)
    # The queue's order is created_at, then id: a person who cancels and claims again
    # gets a new row at the end of the queue.
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    seated_at = models.DateTimeField(_("seated at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    LIVE_STATUSES = (Status.SEATED, Status.WAITING)

    class Meta:
        verbose_name = _("seat claim")
        verbose_name_plural = _("seat claims")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "user"],
                condition=Q(status__in=["seated", "waiting"]),
                name="core_seatclaim_one_live_claim",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["seated", "waiting", "cancelled"]),
                name="core_seatclaim_status_known",
            ),
        ]
        indexes = [
            models.Index(
                fields=["offer", "status", "created_at", "id"], name="core_seatclaim_queue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer.key}: {self.user_id} {self.status}"

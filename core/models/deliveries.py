"""Event deliveries that failed, kept until a retry succeeds or the attempts run out."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- failed event deliveries ---------------------------------------------------------


class EventDeliveryFailure(models.Model):
    """One listener that raised on one event; the retry task delivers it again.

    The event is stored as JSON (``Event.to_payload``) so it can be rebuilt exactly.
    A retry claims the row by moving ``next_attempt_at`` forward with a conditional
    update, so two sweeps never deliver the same failure at the same time.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a retry")
        DONE = "done", _("Delivered on a retry")
        GIVEN_UP = "given_up", _("Given up")

    event_type = models.CharField(_("event"), max_length=100)
    event_id = models.UUIDField(_("event id"))
    hook_name = models.CharField(_("hook"), max_length=100)
    payload = models.JSONField(_("event data"))
    listener = models.CharField(_("listener plugin"), max_length=200)
    listener_function = models.CharField(_("listener function"), max_length=300, blank=True)
    error = models.TextField(_("last error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("first failure"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("failed event delivery")
        verbose_name_plural = _("failed event deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_id", "listener"], name="core_eventdeliveryfailure_unique"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.listener} ({self.get_state_display()})"

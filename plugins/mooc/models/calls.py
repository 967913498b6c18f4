"""Calls for in-person events (DOMAIN.md §6): professional development workshops and the
annual conference. A call has an application window and a quota of places per
country; teachers apply with a motivation; each country's NSS ranks its applicants
and selects within the quota by priority rules that are data
(``EventCall.priority_rules``); the applicants are then told the result.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plugins.mooc.models.common import owner, person

# The default priorities, first to last: the keys name rules of plugins.mooc.calls.priorities.
DEFAULT_PRIORITY_RULES = ["new_to_programme", "applied_first"]


def default_priority_rules() -> list[str]:
    return list(DEFAULT_PRIORITY_RULES)


class EventCall(models.Model):
    """A public call for applications to an in-person event."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Professional development workshop")
        CONFERENCE = "conference", _("Annual conference")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=20_000)
    venue = models.CharField(_("venue"), max_length=200)
    event_starts_at = models.DateTimeField(_("event starts"))
    event_ends_at = models.DateTimeField(_("event ends"))
    applications_open_at = models.DateTimeField(_("applications open"))
    applications_close_at = models.DateTimeField(_("applications close"))
    # The order in which each NSS's applicants are ranked by default: rule keys.
    priority_rules = models.JSONField(_("priority rules"), default=default_priority_rules)

    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = person(_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("call for an event")
        verbose_name_plural = _("calls for events")
        ordering = ["applications_close_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(applications_close_at__gt=models.F("applications_open_at"))
                & models.Q(event_starts_at__gte=models.F("applications_close_at"))
                & models.Q(event_ends_at__gt=models.F("event_starts_at")),
                name="mooc_call_dates_in_order",
                violation_error_message=_(
                    "The dates must follow each other: applications open, applications "
                    "close, the event starts, the event ends."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", args=[self.pk])


class CallQuota(models.Model):
    """How many places of a call one country's teachers may take."""

    call = models.ForeignKey(EventCall, on_delete=models.CASCADE, related_name="quotas")
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    places = models.PositiveIntegerField(_("places"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["country__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "country"], name="mooc_quota_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.call}: {self.country}"


class Application(models.Model):
    """A teacher's application to a call, and what their NSS decided."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("application", "Submitted")
        SELECTED = "selected", _("Selected")
        WAITING = "waiting", _("On the waiting list")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(EventCall, on_delete=models.CASCADE, related_name="applications")
    applicant = owner(_("applicant"), related_name="event_applications")
    # The applicant's country when they applied: the quota and the NSS that decides.
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    motivation = models.TextField(_("motivation"), max_length=3000)
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    # The NSS's order of its country's applicants (1 first); empty: the priority rules'.
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = person(_("decided by"))
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["applied_at", "pk"]
        indexes = [models.Index(fields=["call", "country", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["call", "applicant"], name="mooc_application_once")
        ]

    def __str__(self) -> str:
        return f"{self.call}: {self.applicant}"


class CountrySelection(models.Model):
    """An NSS confirmed its country's selection for a call: the applicants were told."""

    call = models.ForeignKey(EventCall, on_delete=models.CASCADE, related_name="selections")
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = person(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("country selection")
        verbose_name_plural = _("country selections")
        constraints = [
            models.UniqueConstraint(fields=["call", "country"], name="mooc_selection_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.call}: {self.country}"

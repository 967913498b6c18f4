"""National Quality Labels: the application windows each NSS opens per school year, the
teachers' applications with their eligibility answers and evidence, and the rubric the
evaluators score with (DOMAIN.md §7, issue 13 items 1-2).

A school year is named by the calendar year it starts in (2026 is 2026/27); it starts
on the first day of ``OPENTWIN_SCHOOL_YEAR_START_MONTH`` (September).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApplicationWindow(models.Model):
    """When the teachers of one country may apply for the National Quality Label in one
    school year (set by that country's NSS; public)."""

    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application window")
        verbose_name_plural = _("application windows")
        ordering = ("-school_year", "country__name")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "school_year"], name="labels_window_once_per_year"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="labels_window_closes_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.school_year}/{(self.school_year + 1) % 100:02d}"


class QualityLabelApplication(models.Model):
    """One teacher's application for the National Quality Label for one project."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("application", "Submitted")
        UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
        AWARDED = "awarded", pgettext_lazy("application", "Awarded")
        NOT_AWARDED = "not_awarded", pgettext_lazy("application", "Not awarded")
        WITHDRAWN = "withdrawn", pgettext_lazy("application", "Withdrawn")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="quality_label_applications",
    )
    # The project, by the id and title its plugin answers for (get_project_facts).
    project_id = models.PositiveBigIntegerField(_("project"))
    project_title = models.CharField(_("project"), max_length=300)
    # The applicant's country when they applied: its NSS evaluates the application.
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "core.School",
        verbose_name=_("school"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    window = models.ForeignKey(
        ApplicationWindow, verbose_name=_("window"), on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    # Which of the applicant's applications of the school year this is (1, 2, …): unique
    # per applicant and year, so two applications sent at once cannot both be the last
    # one allowed.
    number_in_year = models.PositiveSmallIntegerField(_("application of the year"))
    # The five eligibility questions, each answered yes: {question key: true}.
    eligibility = models.JSONField(_("eligibility"), default=dict)
    # The evidence per criterion: {criterion key: {"text": str, "links": [str, …]}}.
    evidence = models.JSONField(_("evidence"), default=dict)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("National Quality Label application")
        verbose_name_plural = _("National Quality Label applications")
        ordering = ("-submitted_at", "-pk")
        constraints = [
            # One application per teacher and project (after a withdrawal, a new one).
            models.UniqueConstraint(
                fields=["applicant", "project_id"],
                condition=~Q(state="withdrawn"),
                name="labels_nql_once_per_project",
            ),
            models.UniqueConstraint(
                fields=["applicant", "school_year", "number_in_year"],
                name="labels_nql_numbered_per_year",
            ),
        ]
        indexes = [
            models.Index(fields=["country", "state", "submitted_at"], name="labels_nql_queue"),
            models.Index(fields=["applicant", "school_year"], name="labels_nql_per_year"),
        ]

    def __str__(self) -> str:
        return self.project_title

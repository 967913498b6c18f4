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
    # At the decision: the combined points per sub-criterion, their total, the NSS's words.
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    total_score = models.DecimalField(
        _("total score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    decision_comment = models.TextField(_("comment on the decision"), blank=True)

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


class RubricCriterion(models.Model):
    """One criterion of the evaluation rubric (data: the CSS may change it)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ("order", "pk")

    def __str__(self) -> str:
        return self.title


class RubricItem(models.Model):
    """A sub-criterion scored from 0 to ``max_points``; an application cannot be awarded
    with fewer than ``minimum_points`` on it, whatever its total."""

    criterion = models.ForeignKey(
        RubricCriterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="items"
    )
    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    minimum_points = models.PositiveSmallIntegerField(_("minimum points to be awarded"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric sub-criterion")
        verbose_name_plural = _("rubric sub-criteria")
        ordering = ("criterion__order", "order", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_points__lte=F("max_points")),
                name="labels_rubric_minimum_within_max",
            ),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="labels_rubric_has_points"),
        ]

    def __str__(self) -> str:
        return self.title


class Evaluation(models.Model):
    """One evaluator's scores for one application: the NSS's, and the regional
    representative's where the applicant's school has a region."""

    class Role(models.TextChoices):
        NSS = "nss", _("National Support Service")
        REGIONAL = "regional", _("Regional representative")

    application = models.ForeignKey(
        QualityLabelApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    role = models.CharField(_("as"), max_length=16, choices=Role.choices)
    # Points per rubric sub-criterion: {item key: points}.
    scores = models.JSONField(_("scores"), default=dict)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("scored"))

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ("submitted_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"], name="labels_evaluation_once_per_evaluator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_role_display()}"


class EuropeanNomination(models.Model):
    """A project the yearly computation proposes for the European Quality Label in one
    country, and what its NSS and then the CSS made of it."""

    class State(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("nomination", "Proposed")
        NOMINATED = "nominated", _("Nominated by the NSS")
        WITHDRAWN = "withdrawn", pgettext_lazy("nomination", "Not nominated")
        CONFIRMED = "confirmed", _("Confirmed by the CSS")

    school_year = models.PositiveSmallIntegerField(_("school year"))
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    project_id = models.PositiveBigIntegerField(_("project"))
    project_title = models.CharField(_("project"), max_length=300)
    average_score = models.DecimalField(_("average score"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank in the country"))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PROPOSED
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("European Quality Label nomination")
        verbose_name_plural = _("European Quality Label nominations")
        ordering = ("school_year", "country__name", "rank")
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "country", "project_id"],
                name="labels_nomination_once_per_country",
            )
        ]

    def __str__(self) -> str:
        return self.project_title

"""Spaces: projects between schools and teachers' groups (DOMAIN.md §4).

A ``Space`` holds what every collaboration space has (title, description, logo,
state, members, tools). ``Project`` and ``Group`` extend it (multi-table
inheritance), so the tools point at ``Space`` and work the same in both.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from core.storage import private_storage

MIN_PUPIL_AGE = 3
MAX_PUPIL_AGE = 19


def logo_path(space: Space, filename: str) -> str:
    return f"twinspace/{space.pk or 'new'}/logo/{filename}"


class Space(models.Model):
    """A collaboration space: a project's TwinSpace or a group."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("Project")
        GROUP = "group", _("Group")

    class State(models.TextChoices):
        # Projects: pending_partner → pending_approval → active → closed → archived.
        PENDING_PARTNER = "pending_partner", _("Waiting for the co-founder")
        PENDING_APPROVAL = "pending_approval", _("Waiting for approval")
        # Groups: pending_moderation → active (→ archived).
        PENDING_MODERATION = "pending_moderation", _("Waiting for moderation")
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    PENDING = (State.PENDING_PARTNER, State.PENDING_APPROVAL, State.PENDING_MODERATION)
    # States in which the space is open to its members.
    OPEN = (State.ACTIVE, State.CLOSED, State.ARCHIVED)

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    logo = models.ImageField(
        _("logo"), upload_to=logo_path, storage=private_storage, blank=True, max_length=255
    )
    state = models.CharField(_("state"), max_length=24, choices=State.choices)
    # Whether visitors see the Twinboard on the public page (the administrators decide).
    twinboard_public = models.BooleanField(
        _("show the Twinboard on the public page"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.url()

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN

    @property
    def is_read_only(self) -> bool:
        return self.state == self.State.ARCHIVED

    def url(self, name: str = "home", *args: object) -> str:
        """The URL of one of this space's pages, e.g. ``space.url("thread", thread.pk)``."""
        return reverse(f"twinspace:{self.kind}:{name}", args=(self.pk, *args))


class Project(index.Indexed, Space):
    """A project between schools; its space is the project's TwinSpace."""

    founder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("founder"),
        on_delete=models.PROTECT,
        related_name="founded_projects",
    )
    cofounder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-founder"),
        on_delete=models.PROTECT,
        related_name="cofounded_projects",
    )
    # Fixed at creation from the founders' countries: national projects never become
    # eligible for Quality Labels or Prizes, whoever joins later (DOMAIN.md §4).
    is_european = models.BooleanField(_("European project"), editable=False)
    working_languages = models.ManyToManyField(
        "core.Language", verbose_name=_("working languages"), related_name="+"
    )
    subjects = models.ManyToManyField("core.Subject", verbose_name=_("subjects"), related_name="+")
    age_min = models.PositiveSmallIntegerField(
        _("pupils' age from"),
        validators=[MinValueValidator(MIN_PUPIL_AGE), MaxValueValidator(MAX_PUPIL_AGE)],
    )
    age_max = models.PositiveSmallIntegerField(
        _("pupils' age to"),
        validators=[MinValueValidator(MIN_PUPIL_AGE), MaxValueValidator(MAX_PUPIL_AGE)],
    )
    pupil_count = models.PositiveIntegerField(
        _("number of pupils"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    ict_tools = models.TextField(_("ICT tools"), max_length=2000)
    aims = models.TextField(_("aims"), max_length=5000)
    work_process = models.TextField(_("work process"), max_length=5000)
    expected_results = models.TextField(_("expected results"), max_length=5000)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    submitted_at = models.DateTimeField(_("submitted for approval"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("aims"),
        index.FilterField("state"),
        index.FilterField("is_european"),
        index.FilterField("age_min"),
        index.FilterField("age_max"),
        index.RelatedFields("working_languages", [index.FilterField("code")]),
        index.RelatedFields("subjects", [index.FilterField("code")]),
    ]

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__gte=MIN_PUPIL_AGE)
                & models.Q(age_max__lte=MAX_PUPIL_AGE)
                & models.Q(age_min__lte=models.F("age_max")),
                name="twinspace_project_age_range",
                violation_error_message=_("The pupils' ages must be a range within 3 to 19."),
            ),
            models.CheckConstraint(
                condition=~models.Q(founder=models.F("cofounder")),
                name="twinspace_project_two_founders",
                violation_error_message=_("A project has two different founders."),
            ),
        ]

    def save(self, *args, **kwargs):
        self.kind = Space.Kind.PROJECT
        super().save(*args, **kwargs)


class ProjectApproval(models.Model):
    """The decision of one founder's country's NSS on one project (one per country)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="approvals")
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)

    class Meta:
        verbose_name = _("project approval")
        verbose_name_plural = _("project approvals")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "country"], name="twinspace_projectapproval_one_per_country"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} / {self.country}: {self.status}"


class Group(Space):
    """Teachers gathered around a subject or interest: a space without a project or pupils."""

    class Policy(models.TextChoices):
        OPEN = "open", _("Open to every teacher")
        VALIDATED = "validated", _("Open to validated teachers")
        INVITATION = "invitation", _("By invitation only")

    membership_policy = models.CharField(
        _("who may join"), max_length=16, choices=Policy.choices, default=Policy.VALIDATED
    )
    # The NSS that moderates the group's creation: the creator's country's.
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def save(self, *args, **kwargs):
        self.kind = Space.Kind.GROUP
        super().save(*args, **kwargs)

"""Core data: people, the directory of countries, regions and schools, staff roles,
the audit log and notifications."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- people ------------------------------------------------------------------


class User(AbstractUser):
    """Every person who logs in: teachers, pupils and staff.

    Pupils have no e-mail and no public profile; they are created by a teacher.
    """

    class Kind(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        PUPIL = "pupil", _("Pupil")
        STAFF = "staff", _("Staff")

    class State(models.TextChoices):
        EMAIL_UNVERIFIED = "email_unverified", _("E-mail not verified")
        PROFILE_INCOMPLETE = "profile_incomplete", _("Profile incomplete")
        WAITING_VALIDATION = "waiting_validation", _("Waiting for validation")
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Rejected")
        BLOCKED = "blocked", _("Blocked")
        INACTIVE = "inactive", _("Inactive")
        DELETED = "deleted", _("Deleted")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TEACHER)
    state = models.CharField(
        _("account state"), max_length=24, choices=State.choices, default=State.EMAIL_UNVERIFIED
    )
    language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    school = models.ForeignKey(
        "core.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # One account per person: an e-mail address may hold one account.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="core_user_unique_email",
                violation_error_message=_("An account with this e-mail address already exists."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="pupil") | models.Q(email=""),
                name="core_user_pupil_has_no_email",
                violation_error_message=_("Pupils have no e-mail address."),
            ),
        ]

    @property
    def is_pupil(self) -> bool:
        return self.kind == self.Kind.PUPIL

    @property
    def is_validated_teacher(self) -> bool:
        return self.kind == self.Kind.TEACHER and self.state == self.State.VALIDATED

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class StaffRole(models.Model):
    """A scoped staff role: a person may hold several (DOMAIN.md §1)."""

    class Role(models.TextChoices):
        TRAINER = "trainer", _("Trainer / expert")
        REGIONAL_REPRESENTATIVE = "regional_representative", _("Regional representative")
        NSS = "nss", _("National Support Service staff")
        CSS = "css", _("Central Support Service staff")
        EDITOR = "editor", _("Editor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, null=True, blank=True
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            # Coalesce: a role without scope is unique too (NULLs would all differ).
            models.UniqueConstraint(
                "user",
                "role",
                Coalesce("country", models.Value(0)),
                Coalesce("region", models.Value(0)),
                name="core_staffrole_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="nss") | models.Q(country__isnull=False),
                name="core_staffrole_nss_has_country",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="regional_representative")
                | models.Q(region__isnull=False),
                name="core_staffrole_representative_has_region",
            ),
        ]

    def __str__(self) -> str:
        scope = self.region or self.country
        return f"{self.get_role_display()} ({scope})" if scope else self.get_role_display()


# --- directory -----------------------------------------------------------------


class Country(models.Model):
    """A participating country, with its tier and its national support organisation."""

    class Tier(models.TextChoices):
        EU = "eu", _("EU member state")
        ASSOCIATED = "associated", _("Associated country")
        PLUS = "plus", _("Partner country (Plus)")

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    support_organisation = models.CharField(_("support organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A region of a country whose representatives validate its teachers."""

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="regions"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="core_region_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    """An official school whose staff take part."""

    class Level(models.TextChoices):
        PRE_SCHOOL = "pre_school", _("Pre-school")
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")
        UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
        VOCATIONAL = "vocational", _("Vocational")

    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="schools"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schools",
    )
    town = models.CharField(_("town"), max_length=100)
    address = models.CharField(_("address"), max_length=300, blank=True)
    levels = models.JSONField(_("levels"), default=list, blank=True)
    head_teacher_name = models.CharField(_("head teacher's name"), max_length=200, blank=True)
    head_teacher_email = models.EmailField(_("head teacher's e-mail"), blank=True)
    registered_since = models.DateField(_("registered since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.town})"


# --- audit log -----------------------------------------------------------------


class AuditEntry(models.Model):
    """Who did what to which object, and when; written by services only."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"


# --- notifications -----------------------------------------------------------------


class Notification(models.Model):
    """A message to one user, shown on-site and, unless they turned it off, e-mailed."""

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["email_status", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """A user's choice to receive (or not) e-mail for one kind of notification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=64)
    email_enabled = models.BooleanField(_("send by e-mail"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="core_notificationpref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {'e-mail' if self.email_enabled else 'on-site only'}"

"""People: users of every kind, staff roles and the validation of teachers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from core.storage import private_storage

# --- people ------------------------------------------------------------------


def profile_photo_path(user: User, filename: str) -> str:
    """Where a profile photo is kept on the private storage (the service names the file)."""
    return f"profile-photos/{user.pk}/{filename}"


class User(index.Indexed, AbstractUser):
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

    class SchoolRole(models.TextChoices):
        # Administrative and company staff cannot take part (DOMAIN.md §2.3).
        TEACHER = "teacher", _("Teacher")
        HEAD_TEACHER = "head_teacher", _("Head teacher")
        LIBRARIAN = "librarian", _("Librarian")
        ADVISOR = "advisor", _("Advisor / counsellor")
        OTHER_EDUCATIONAL = "other_educational", _("Other educational staff")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TEACHER)
    state = models.CharField(
        _("account state"), max_length=24, choices=State.choices, default=State.EMAIL_UNVERIFIED
    )
    language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    state_changed_at = models.DateTimeField(_("state changed"), default=timezone.now)
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)
    school = models.ForeignKey(
        "core.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    school_role = models.CharField(
        _("role in the school"), max_length=24, choices=SchoolRole.choices, blank=True
    )
    blocked_reason = models.TextField(_("reason for blocking"), blank=True)
    # Where an inactive or blocked account returns to when NSS restores it.
    state_before_suspension = models.CharField(
        max_length=24, choices=State.choices, blank=True, editable=False
    )
    # Days before deactivation of the last inactivity warning sent (0: none yet).
    inactivity_warning_days = models.PositiveSmallIntegerField(default=0, editable=False)

    # The public profile: what other teachers and visitors may see.
    bio = models.TextField(_("about me"), blank=True, max_length=2000)
    subjects = models.ManyToManyField(
        "core.Subject", verbose_name=_("subjects I teach"), blank=True, related_name="teachers"
    )
    languages = models.ManyToManyField(
        "core.Language", verbose_name=_("languages I speak"), blank=True, related_name="speakers"
    )
    listed_in_search = models.BooleanField(
        _("show my profile in the search for people"), default=True
    )
    # Re-encoded by core.accounts.photos (no metadata), on the private storage, served by
    # core.accounts.views.profile_photo to those who may see the person. Never for pupils.
    photo = models.ImageField(
        _("profile photo"),
        upload_to=profile_photo_path,
        storage=private_storage,
        blank=True,
        max_length=255,
    )

    # The search (core.directory.search and the Wagtail admin's user list). The e-mail is
    # deliberately not indexed: the public search must not match people by their address.
    search_fields = [
        index.SearchField("first_name"),
        index.AutocompleteField("first_name"),
        index.SearchField("last_name"),
        index.AutocompleteField("last_name"),
        index.SearchField("username"),
        index.AutocompleteField("username"),
        # Filters and orderings of the admin's user list, and of the public search.
        index.FilterField("id"),
        index.FilterField("first_name"),
        index.FilterField("last_name"),
        index.FilterField("username"),
        index.FilterField("date_joined"),
        index.FilterField("kind"),
        index.FilterField("state"),
        index.FilterField("is_active"),
        index.FilterField("is_superuser"),
        index.FilterField("last_login"),
        index.FilterField("listed_in_search"),
        index.FilterField("school"),
        index.RelatedFields(
            "school",
            [
                index.FilterField("country"),
                index.RelatedFields("country", [index.FilterField("code")]),
                index.RelatedFields(
                    "levels",
                    [
                        index.FilterField("code"),
                        index.FilterField("min_age"),
                        index.FilterField("max_age"),
                    ],
                ),
            ],
        ),
        index.RelatedFields("subjects", [index.FilterField("code")]),
        index.RelatedFields("languages", [index.FilterField("code")]),
    ]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Usernames are unique whatever their case, so "Ana" and "ana" are one person.
            models.UniqueConstraint(
                Lower("username"),
                name="core_user_unique_username_ignoring_case",
                violation_error_message=_("This username is already taken."),
            ),
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

    @property
    def avatar_url(self) -> str:
        """The address of the profile photo, with a version so a new photo shows at once;
        "" without one (pupils never have one)."""
        if not self.photo or self.is_pupil or self.state == self.State.DELETED:
            return ""
        from django.urls import reverse

        version = self.photo.name.rsplit("/", 1)[-1].split(".", 1)[0]
        return f"{reverse('core:profile-photo', args=[self.pk])}?v={version}"

    def display_name(self) -> str:
        """How the person is named to others. Pupils appear as first name + initial,
        everywhere (DOMAIN.md §9); only the teacher who created them sees the full name,
        on the pages that teacher alone opens."""
        if self.is_pupil and self.first_name:
            initial = self.last_name.strip()[:1]
            return f"{self.first_name} {initial}." if initial else self.first_name
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


class ValidationRequest(models.Model):
    """One teacher's request to be validated for one school (DOMAIN.md §2.4-2.5).

    The head teacher confirms or denies through a signed link; then the NSS (or the
    regional representative) validates or rejects. A new school means a new request.
    """

    class Status(models.TextChoices):
        HEAD_TEACHER_PENDING = "head_teacher_pending", _("Waiting for the head teacher")
        NSS_PENDING = "nss_pending", _("Waiting for the NSS")
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = (Status.HEAD_TEACHER_PENDING, Status.NSS_PENDING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="validation_requests",
    )
    school = models.ForeignKey(
        "core.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.HEAD_TEACHER_PENDING
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    # Changing the nonce invalidates every head-teacher link sent before.
    head_teacher_nonce = models.CharField(max_length=32, editable=False)
    head_teacher_email = models.EmailField(_("head teacher's e-mail"))
    head_teacher_decided_at = models.DateTimeField(_("head teacher answered"), null=True)
    head_teacher_confirmed = models.BooleanField(_("head teacher confirmed"), null=True)
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

    class Meta:
        verbose_name = _("validation request")
        verbose_name_plural = _("validation requests")
        ordering = ["created_at"]
        constraints = [
            # At most one open request per teacher.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["head_teacher_pending", "nss_pending"]),
                name="core_validationrequest_one_open_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.school}: {self.get_status_display()}"

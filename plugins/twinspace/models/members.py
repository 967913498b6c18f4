"""Who is in a space, and how they got there: members, invitations, pupils, guests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles inside a space (DOMAIN.md §4; the policy module gives their rights)."""

    TEACHER_ADMIN = "teacher_admin", _("Teacher administrator")
    TEACHER = "teacher", _("Teacher")
    EXPERT = "expert", _("Expert")
    OBSERVER = "observer", _("Observer")
    PUPIL_ADMIN = "pupil_admin", _("Pupil administrator")
    PUPIL = "pupil", _("Pupil")


TEACHER_ROLES = (Role.TEACHER_ADMIN, Role.TEACHER, Role.EXPERT, Role.OBSERVER)
PUPIL_ROLES = (Role.PUPIL_ADMIN, Role.PUPIL)


class Membership(models.Model):
    """One person's role in one space. Founders are teacher administrators for good."""

    space = models.ForeignKey(
        "twinspace.Space", on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    is_founder = models.BooleanField(_("founder"), default=False, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="twinspace_membership_unique"),
            models.CheckConstraint(
                condition=~models.Q(is_founder=True) | models.Q(role="teacher_admin"),
                name="twinspace_membership_founder_is_admin",
                violation_error_message=_("Founders are teacher administrators."),
            ),
        ]
        indexes = [models.Index(fields=["user", "space"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.space} ({self.role})"


class Invitation(models.Model):
    """A space's administrator invites a teacher, who accepts or rejects."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    space = models.ForeignKey(
        "twinspace.Space", on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited teacher"),
        on_delete=models.CASCADE,
        related_name="space_invitations",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.TEACHER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "user"],
                condition=models.Q(status="pending"),
                name="twinspace_invitation_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.space} ({self.status})"


class PupilProfile(models.Model):
    """A pupil account and the teacher who created it (and may reset its password).

    The teacher can put the pupil in any of their projects. Pupils have no e-mail and
    no public profile; their name is seen only inside their projects' spaces.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="pupil_profile",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="pupils_created",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        ordering = ["user__first_name", "user__last_name", "user_id"]

    def __str__(self) -> str:
        return str(self.user)


class GuestAccess(models.Model):
    """Time-limited read-only access to a space (prize jurors, for example)."""

    space = models.ForeignKey("twinspace.Space", on_delete=models.CASCADE, related_name="guests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_guest_accesses"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("until"))
    created_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("guest access")
        verbose_name_plural = _("guest accesses")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "space", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} guest of {self.space} until {self.expires_at:%Y-%m-%d}"

    def is_current(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

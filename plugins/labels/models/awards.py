"""Awards: every recognition the platform gives, as one model (DOMAIN.md §7).

An award goes to a teacher or to a school, is of one kind (the eTwinning Label, a
certificate of participation…), is *for* one subject (a project, a meeting, a seminar,
a course) referenced by the id and title its event carried — plugins never import each
other — and is issued by the NSS of a country, the CSS or the platform. It carries a
unique, unguessable verification code printed on its PDF and in its QR code, and stays
verifiable once revoked (as revoked, with the date and the reason).

Issuing is idempotent per (recipient, kind, subject): the unique constraints below make
a duplicated or replayed event issue nothing twice, whoever gets there first.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Crockford's base32 without the letters people misread (I, L, O, U): a code typed from
# paper survives a 0/O or 1/l mix-up once normalised (see ``normalise_code``).
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4  # 16 characters: 80 random bits


def new_code() -> str:
    """A fresh verification code such as ``7K3M-Q9TD-XW2A-F5RB`` (80 random bits)."""
    characters = "".join(
        secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH)
    )
    return "-".join(
        characters[index : index + CODE_GROUP_LENGTH]
        for index in range(0, len(characters), CODE_GROUP_LENGTH)
    )


def normalise_code(text: str) -> str:
    """The code as stored, from what someone typed or scanned: case, spaces and dashes
    do not matter, and O/I/L read as 0/1/1. Returns "" for anything that cannot be one."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch not in " -")
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(cleaned) != CODE_GROUPS * CODE_GROUP_LENGTH or any(
        ch not in CODE_ALPHABET for ch in cleaned
    ):
        return ""
    return "-".join(
        cleaned[index : index + CODE_GROUP_LENGTH]
        for index in range(0, len(cleaned), CODE_GROUP_LENGTH)
    )


def new_salt() -> str:
    """The salt of the hashed recipient e-mail in the award's Open Badges assertion."""
    return secrets.token_hex(16)


class SubjectType(models.TextChoices):
    """What an award is for."""

    PROJECT = "project", pgettext_lazy("award subject", "project")
    MEETING = "meeting", pgettext_lazy("award subject", "teaching meeting")
    SEMINAR = "seminar", pgettext_lazy("award subject", "online seminar")
    COURSE = "course", pgettext_lazy("award subject", "online course")
    SCHOOL = "school", pgettext_lazy("award subject", "school")


class IssuerKind(models.TextChoices):
    """Who issues an award: the NSS of a country, the CSS, or the platform itself."""

    NSS = "nss", _("National Support Service")
    CSS = "css", _("Central Support Service")
    PLATFORM = "platform", _("the platform")


class Award(models.Model):
    """One recognition of one recipient for one subject."""

    class Kind(models.TextChoices):
        ETWINNING_LABEL = "etwinning_label", _("eTwinning Label")
        NATIONAL_QUALITY_LABEL = "national_quality_label", _("National Quality Label")
        EUROPEAN_QUALITY_LABEL = "european_quality_label", _("European Quality Label")
        NATIONAL_PRIZE = "national_prize", _("National Prize")
        EUROPEAN_PRIZE = "european_prize", _("European Prize")
        SCHOOL_LABEL = "school_label", _("eTwinning School Label")
        CERTIFICATE = "certificate", _("Certificate of participation")

    class State(models.TextChoices):
        VALID = "valid", pgettext_lazy("award", "Valid")
        REVOKED = "revoked", pgettext_lazy("award", "Revoked")

    class RevocationCause(models.TextChoices):
        STAFF = "staff", _("Revoked by the support service")
        HOLDER_ERASED = "holder_erased", _("Holder erased")

    code = models.CharField(_("verification code"), max_length=24, unique=True, default=new_code)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)

    # The recipient: a teacher, or a school (the School Label). ``recipient_name`` is the
    # name printed on the award, taken when it was issued (or re-issued); it is emptied
    # when the holder's personal data are erased.
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awards",
    )
    recipient_school = models.ForeignKey(
        "core.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    recipient_name = models.CharField(_("name on the award"), max_length=200, blank=True)
    # The language the award's certificate is written in when its holder has none.
    language = models.CharField(_("language"), max_length=8, blank=True)

    subject_type = models.CharField(_("awarded for"), max_length=16, choices=SubjectType.choices)
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    subject_title = models.CharField(_("title"), max_length=300)

    issuer_kind = models.CharField(_("issuer"), max_length=16, choices=IssuerKind.choices)
    # The issuing NSS's country, for awards the NSS issues; empty for the CSS and the platform.
    issuer_country = models.ForeignKey(
        "core.Country",
        verbose_name=_("issuing country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The country whose NSS looks after the award (lists, revocation): the recipient's
    # school's country when it was issued, else the issuer's.
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    issued_at = models.DateTimeField(_("issued"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.VALID)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_cause = models.CharField(
        _("revoked because"), max_length=16, choices=RevocationCause.choices, blank=True
    )
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reissued_at = models.DateTimeField(_("re-issued"), null=True, blank=True)
    badge_salt = models.CharField(max_length=32, default=new_salt, editable=False)
    # The event that asked for the award, if one did (for the record; idempotency is
    # the unique constraints' job).
    source_event_id = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ("-issued_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient_user", "kind", "subject_type", "subject_id"],
                condition=Q(recipient_user__isnull=False),
                name="labels_award_once_per_teacher",
            ),
            models.UniqueConstraint(
                fields=["recipient_school", "kind", "subject_type", "subject_id"],
                condition=Q(recipient_school__isnull=False),
                name="labels_award_once_per_school",
            ),
            models.CheckConstraint(
                condition=~Q(recipient_user__isnull=False, recipient_school__isnull=False),
                name="labels_award_one_recipient",
            ),
            models.CheckConstraint(
                condition=Q(state="valid", revoked_at__isnull=True)
                | Q(state="revoked", revoked_at__isnull=False),
                name="labels_award_revoked_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["country", "-issued_at"], name="labels_award_country"),
            models.Index(fields=["kind", "subject_type", "subject_id"], name="labels_award_subj"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.subject_title}"

    def get_absolute_url(self) -> str:
        """The award's page for its holder (and the staff who look after it)."""
        return reverse("awards:detail", args=[self.code])

    def verification_url(self) -> str:
        """The public verification page, as printed in the QR code (a path: prefix the
        site's address for print)."""
        return reverse("verify:award", args=[self.code])

    @property
    def is_valid(self) -> bool:
        return self.state == self.State.VALID

    @property
    def holder_erased(self) -> bool:
        return self.revocation_cause == self.RevocationCause.HOLDER_ERASED

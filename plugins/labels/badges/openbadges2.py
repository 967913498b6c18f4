"""Open Badges 2.0 hosted verification: the issuers, the badge classes and each award's
assertion as JSON-LD documents at stable public addresses.

There is one issuer profile per issuer (the platform, the CSS, the NSS of each country)
and one badge class per (kind, issuer), so an assertion's ``badge.issuer`` is the one
who issued that award. Schools' awards have no assertion yet: a school has no e-mail
address of its own to identify it by.

https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.links import absolute_url
from core.models import Country
from plugins.labels.awards import texts
from plugins.labels.models import Award, IssuerKind

CONTEXT = "https://w3id.org/openbadges/v2"

# What each kind recognises (the badge class's description) and how it is earned (its
# criteria), shared by Open Badges 2.0 and 3.0 and the public criteria page.
DESCRIPTIONS = {
    Award.Kind.ETWINNING_LABEL: _(
        "Recognises a teacher who founded or joined an eTwinning project that the "
        "National Support Services of its founders approved."
    ),
    Award.Kind.NATIONAL_QUALITY_LABEL: _(
        "Recognises a teacher's outstanding work in a European eTwinning project, "
        "assessed by their National Support Service."
    ),
    Award.Kind.EUROPEAN_QUALITY_LABEL: _(
        "Recognises a teacher in a project that holds National Quality Labels from at "
        "least two countries."
    ),
    Award.Kind.NATIONAL_PRIZE: _(
        "Recognises a teacher in a project that won a National Prize in its country's annual call."
    ),
    Award.Kind.EUROPEAN_PRIZE: _(
        "Recognises a teacher in a project that won a European Prize in the annual call "
        "of the Central Support Service."
    ),
    Award.Kind.SCHOOL_LABEL: _(
        "Recognises a school whose teachers, pupils and head teacher are committed to eTwinning."
    ),
    Award.Kind.CERTIFICATE: _(
        "Certifies that a teacher took part in a teaching meeting, an online seminar or "
        "an online course."
    ),
}

CRITERIA = {
    Award.Kind.ETWINNING_LABEL: _(
        "Found or join, as a teacher, a project that the National Support Service of "
        "each founder approved. The label is issued when the project is approved, or "
        "when a teacher joins an approved project later."
    ),
    Award.Kind.NATIONAL_QUALITY_LABEL: _(
        "Apply, as a validated teacher, for a European project; answer five eligibility "
        "questions and give evidence on five criteria: collaboration between partner "
        "schools, use of technology, pedagogical approaches, curricular integration, "
        "results and documentation. The National Support Service scores the evidence; "
        "minimum points are needed on the pupils' online collaboration, the use of ICT, "
        "and data protection, copyright and e-safety."
    ),
    Award.Kind.EUROPEAN_QUALITY_LABEL: _(
        "Hold the National Quality Label for a project that holds National Quality "
        "Labels from at least two countries and that one of their National Support "
        "Services proposes for the European Quality Label."
    ),
    Award.Kind.NATIONAL_PRIZE: _(
        "Take part in a project that a jury chose among the winners of the country's "
        "annual call for National Prizes, while holding the project's National Quality "
        "Label."
    ),
    Award.Kind.EUROPEAN_PRIZE: _(
        "Take part in a project that a jury chose among the winners of a category of the "
        "annual call for European Prizes, while holding the project's European Quality "
        "Label."
    ),
    Award.Kind.SCHOOL_LABEL: _(
        "Be a school registered for more than two years, with at least three active "
        "teachers and at least one project with a National Quality Label in the last two "
        "years, whose head teacher signed the declaration. The label is valid for two "
        "years."
    ),
    Award.Kind.CERTIFICATE: _(
        "Complete a teaching meeting, attend an online seminar or complete an online "
        "course: the organiser reports the completion."
    ),
}


@dataclass(frozen=True)
class IssuerRef:
    """One issuer as the badges name it: ``platform``, ``css`` or ``nss-es``."""

    kind: str
    country: Country | None = None

    @property
    def key(self) -> str:
        if self.kind == IssuerKind.NSS and self.country is not None:
            return f"nss-{self.country.code.lower()}"
        return str(self.kind)

    def name(self) -> str:
        """The issuer's name in the active language (the award's words)."""
        return texts.issuer_at_start(Award(issuer_kind=self.kind, issuer_country=self.country))

    def url(self) -> str:
        return absolute_url(reverse("badges:issuer", args=[self.key]))


def issuer_of(award: Award) -> IssuerRef:
    """The issuer of ``award`` (an NSS without a country is told as the platform, as its
    words are)."""
    if award.issuer_kind == IssuerKind.NSS and award.issuer_country_id is not None:
        return IssuerRef(IssuerKind.NSS, award.issuer_country)
    if award.issuer_kind == IssuerKind.CSS:
        return IssuerRef(IssuerKind.CSS)
    return IssuerRef(IssuerKind.PLATFORM)


def issuer_by_key(key: str) -> IssuerRef | None:
    """The issuer named ``key`` in a URL (lower case, its one spelling), or ``None``."""
    key = key or ""
    if key != key.lower():
        return None
    if key in (IssuerKind.PLATFORM, IssuerKind.CSS):
        return IssuerRef(key)
    prefix, _dash, code = key.partition("-")
    if prefix != IssuerKind.NSS or not code:
        return None
    country = Country.objects.filter(code__iexact=code).first()
    if country is None:
        return None
    return IssuerRef(IssuerKind.NSS, country)


def kind_by_key(key: str) -> str | None:
    """The award kind named ``key`` in a URL, or ``None``."""
    return key if key in Award.Kind.values else None


def in_site_language():
    """The shared documents (issuers, badge classes) are written in the site's language."""
    return texts.in_language(settings.LANGUAGE_CODE)


def image_url(kind: str) -> str:
    return absolute_url(reverse("badges:image", args=[kind]))


def badge_class_url(kind: str, issuer: IssuerRef) -> str:
    return absolute_url(reverse("badges:class", args=[kind, issuer.key]))


def criteria_url(kind: str, issuer: IssuerRef) -> str:
    return absolute_url(reverse("badges:criteria", args=[kind, issuer.key]))


def assertion_url(award: Award) -> str:
    return absolute_url(reverse("badges:assertion", args=[award.code]))


def badge_name(kind: str) -> str:
    return texts.award_name(Award(kind=kind))


def issuer_document(issuer: IssuerRef) -> dict:
    """The issuer's profile (an ``Issuer``)."""
    with in_site_language():
        return {
            "@context": CONTEXT,
            "type": "Issuer",
            "id": issuer.url(),
            "name": issuer.name(),
            "url": absolute_url("/"),
        }


def badge_class_document(kind: str, issuer: IssuerRef) -> dict:
    """The badge class of ``kind`` issued by ``issuer``."""
    with in_site_language():
        return {
            "@context": CONTEXT,
            "type": "BadgeClass",
            "id": badge_class_url(kind, issuer),
            "name": badge_name(kind),
            "description": str(DESCRIPTIONS[kind]),
            "image": image_url(kind),
            "criteria": {"id": criteria_url(kind, issuer), "narrative": str(CRITERIA[kind])},
            "issuer": issuer.url(),
        }


def recipient_email(award: Award) -> str:
    """The e-mail address that identifies the holder in the badge, or "" when there is
    none (a school's award: schools have no address of their own yet)."""
    user = award.recipient_user
    if user is None or not user.email:
        return ""
    return user.email.strip().lower()


def has_badge(award: Award) -> bool:
    """Whether ``award`` can be shared as a portable badge (its holder has an e-mail)."""
    return bool(recipient_email(award))


def identity_hash(email: str, salt: str) -> str:
    """The hashed recipient identity: ``sha256$`` + hex SHA-256 of e-mail and salt."""
    return "sha256$" + hashlib.sha256((email + salt).encode("utf-8")).hexdigest()


def iso_datetime(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def expiry(award: Award) -> datetime | None:
    """The moment a time-limited award expires: the end of its last valid day (UTC)."""
    if award.valid_until is None:
        return None
    return datetime.combine(award.valid_until, time(23, 59, 59), tzinfo=UTC)


def revocation_reason(award: Award) -> str:
    """Why the award was revoked, as its verification page says it."""
    if award.holder_erased:
        with in_site_language():
            return str(Award.RevocationCause.HOLDER_ERASED.label)
    return award.revocation_reason


def assertion_document(award: Award) -> dict:
    """The award's ``Assertion`` (valid awards with a badge), or its revocation notice
    (``revoked: true``, answered with 410 Gone)."""
    url = assertion_url(award)
    if not award.is_valid:
        return {
            "@context": CONTEXT,
            "id": url,
            "revoked": True,
            "revocationReason": revocation_reason(award),
        }
    issuer = issuer_of(award)
    document = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": url,
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": award.badge_salt,
            "identity": identity_hash(recipient_email(award), award.badge_salt),
        },
        "badge": badge_class_url(award.kind, issuer),
        "verification": {"type": "hosted"},
        "issuedOn": iso_datetime(award.issued_at),
    }
    expires = expiry(award)
    if expires is not None:
        document["expires"] = iso_datetime(expires)
    return document

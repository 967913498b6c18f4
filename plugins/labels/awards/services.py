"""Every change to an award: issuing, revoking, re-issuing, and the holder's erasure.

Each service checks who may act (``awards.policy``) and the domain rule, runs in one
transaction with its audit entry and its notification, and changes state by a
conditional update, so two clicks or two deliveries of one event change it once.
Issuing is idempotent per (recipient, kind, subject), held by the database's unique
constraints: a duplicated, replayed or late event issues nothing twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, input_checks
from core.models import Country, School, User
from core.staff import is_css_staff, serves_country
from plugins.labels.awards.notifications import notify_ready, notify_revoked
from plugins.labels.awards.policy import Action, access_for
from plugins.labels.models import Award, IssuerKind, SubjectType

# Audit action names, one per change.
AWARD_ISSUED = "labels.award_issued"
AWARD_REVOKED = "labels.award_revoked"
AWARD_REISSUED = "labels.award_reissued"
AWARD_HOLDER_ERASED = "labels.award_holder_erased"

MAX_REASON_LENGTH = 1000
MAX_TITLE_LENGTH = 300


@dataclass(frozen=True)
class Issuer:
    """Who issues an award: ``Issuer.nss(country)``, ``Issuer.css()``, ``Issuer.platform()``."""

    kind: str
    country: Country | None = None

    @classmethod
    def nss(cls, country: Country) -> Issuer:
        return cls(IssuerKind.NSS, country)

    @classmethod
    def css(cls) -> Issuer:
        return cls(IssuerKind.CSS)

    @classmethod
    def platform(cls) -> Issuer:
        return cls(IssuerKind.PLATFORM)


def recipient_name_of(user: User) -> str:
    """The name printed on a teacher's award: their full name as in their profile."""
    return (user.get_full_name() or user.display_name()).strip()[:200]


def _check_teacher(user: User) -> None:
    if user.kind != User.Kind.TEACHER or user.state == User.State.DELETED:
        raise ValidationError(_("Awards are given to teachers only."))


def _check_actor(actor: User | None, issuer: Issuer, country: Country | None) -> None:
    """The system issues on events (``actor`` None); a person must be the CSS, or the
    NSS of the award's country issuing in their own name."""
    if actor is None or actor.is_superuser or is_css_staff(actor):
        return
    if (
        issuer.kind == IssuerKind.NSS
        and issuer.country is not None
        and serves_country(actor, issuer.country.pk)
        and (country is None or country.pk == issuer.country.pk)
    ):
        return
    raise PermissionDenied(_("Only the support service that looks after this award can do this."))


def existing_award(
    *, kind: str, subject_type: str, subject_id: int, user: User | None, school: School | None
) -> Award | None:
    """The award already issued to this recipient, of this kind, for this subject."""
    recipient = {"recipient_user": user} if user is not None else {"recipient_school": school}
    return Award.objects.filter(
        kind=kind, subject_type=subject_type, subject_id=subject_id, **recipient
    ).first()


def issue_award(
    *,
    actor: User | None,
    kind: str,
    subject_type: str,
    subject_id: int,
    subject_title: str,
    issuer: Issuer,
    user: User | None = None,
    school: School | None = None,
    valid_until: date | None = None,
    issued_at: datetime | None = None,
    event_id: uuid.UUID | None = None,
) -> tuple[Award, bool]:
    """Issue ``kind`` for the subject to ``user`` (a teacher) or ``school``, once.

    Returns ``(award, created)``: ``created`` is False when this recipient already holds
    this kind for this subject (valid or revoked: a revoked award is re-issued by staff,
    never by a replayed event). The holder is told when it is ready.
    """
    if (user is None) == (school is None):
        raise ValueError("An award goes to exactly one teacher or one school.")
    kind = Award.Kind(kind).value
    subject_type = SubjectType(subject_type).value
    if issuer.kind == IssuerKind.NSS and issuer.country is None:
        raise ValueError("An NSS issues in the name of its country.")
    if user is not None:
        _check_teacher(user)
    found = existing_award(
        kind=kind, subject_type=subject_type, subject_id=subject_id, user=user, school=school
    )
    if found is not None:
        return found, False
    title = input_checks.text(
        subject_title,
        field="subject_title",
        limit=MAX_TITLE_LENGTH,
        required=_("An award must say what it is for."),
    )
    if user is not None:
        school_of_user = user.school
        country = school_of_user.country if school_of_user is not None else issuer.country
        name = recipient_name_of(user)
        language = user.language
    else:
        country = school.country
        name = school.name[:200]
        language = ""
    _check_actor(actor, issuer, country)
    award = Award(
        kind=kind,
        recipient_user=user,
        recipient_school=school,
        recipient_name=name,
        language=language,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_title=title,
        issuer_kind=issuer.kind,
        issuer_country=issuer.country,
        country=country,
        issued_at=issued_at or timezone.now(),
        valid_until=valid_until,
        source_event_id=event_id,
    )
    try:
        with transaction.atomic():
            award.save()
            audit.record(
                AWARD_ISSUED,
                actor=actor,
                target=award,
                kind=kind,
                subject_type=subject_type,
                subject_id=subject_id,
                event=str(event_id) if event_id else "",
            )
            notify_ready(award)
    except IntegrityError:
        # Someone issued the same award a moment earlier: theirs is the one.
        found = existing_award(
            kind=kind, subject_type=subject_type, subject_id=subject_id, user=user, school=school
        )
        if found is None:
            raise
        return found, False
    return award, True


def revoke_award(*, actor: User, award: Award, reason: str) -> Award:
    """The support service revokes a valid award, saying why. It stays verifiable, as
    revoked, with the date and the reason."""
    access_for(actor, award).require(Action.REVOKE)
    reason = input_checks.text(
        reason,
        field="reason",
        limit=MAX_REASON_LENGTH,
        required=_("Say why the award is revoked: its holder and anyone verifying it read it."),
    )
    now = timezone.now()
    with transaction.atomic():
        changed = Award.objects.filter(pk=award.pk, state=Award.State.VALID).update(
            state=Award.State.REVOKED,
            revoked_at=now,
            revoked_by=actor,
            revocation_cause=Award.RevocationCause.STAFF,
            revocation_reason=reason,
        )
        if not changed:
            raise ValidationError(_("This award has already been revoked."))
        award.refresh_from_db()
        audit.record(AWARD_REVOKED, actor=actor, target=award, reason=reason)
        notify_revoked(award, actor=actor)
    return award


def reissue_award(*, actor: User, award: Award) -> Award:
    """The support service makes a revoked award valid again, with the same verification
    code (so printed certificates verify again) and the holder's name as it is now."""
    access_for(actor, award).require(Action.REISSUE)
    now = timezone.now()
    fields = {
        "state": Award.State.VALID,
        "revoked_at": None,
        "revoked_by": None,
        "revocation_cause": "",
        "revocation_reason": "",
        "reissued_at": now,
    }
    if award.recipient_user is not None:
        fields["recipient_name"] = recipient_name_of(award.recipient_user)
    with transaction.atomic():
        changed = (
            Award.objects.filter(pk=award.pk, state=Award.State.REVOKED)
            .exclude(revocation_cause=Award.RevocationCause.HOLDER_ERASED)
            .update(**fields)
        )
        if not changed:
            raise ValidationError(_("This award is valid: there is nothing to re-issue."))
        award.refresh_from_db()
        audit.record(AWARD_REISSUED, actor=actor, target=award)
        notify_ready(award)
    return award


def erase_holder(user: User) -> int:
    """The holder's personal data are erased: each of their awards is revoked as "holder
    erased" and their name leaves it (the verification page then names no one). Safe to
    run twice. Returns how many awards it changed."""
    now = timezone.now()
    awards = Award.objects.filter(recipient_user=user)
    with transaction.atomic():
        awards.filter(state=Award.State.VALID).update(state=Award.State.REVOKED, revoked_at=now)
        changed = awards.exclude(
            revocation_cause=Award.RevocationCause.HOLDER_ERASED, recipient_name=""
        ).update(
            revocation_cause=Award.RevocationCause.HOLDER_ERASED,
            revocation_reason="",
            recipient_name="",
            language="",
        )
        if changed:
            audit.record(AWARD_HOLDER_ERASED, actor=None, target=user, awards=changed)
    return changed

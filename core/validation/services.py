"""The validation of teachers (DOMAIN.md §2.4-2.5): head teacher, then NSS."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from core import audit
from core.event_delivery import emit
from core.events import TeacherValidated
from core.links import absolute_url
from core.models import Notification, OutgoingEmail, School, User, ValidationRequest
from core.services import notify, queue_email
from core.staff import (
    countries_served_by,
    is_nss_staff,
    is_regional_representative,
    nss_staff_of_country,
    regional_representatives_of_region,
    regions_served_by,
    serves_country,
    serves_region,
)
from core.validation.tokens import InvalidLink, make_head_teacher_token, read_head_teacher_token

# Audit actions written by this module's services: one name per change.
HEAD_TEACHER_CONFIRMED = "validation.head_teacher_confirmed"
HEAD_TEACHER_DENIED = "validation.head_teacher_denied"
TEACHER_VALIDATED = "validation.validated"
VALIDATION_LINK_RESENT = "validation.link_resent"
VALIDATION_REJECTED = "validation.rejected"
VALIDATION_REQUESTED = "validation.requested"
VALIDATION_WITHDRAWN = "validation.withdrawn"

# Kinds of stored account e-mail sent by this module.
HEAD_TEACHER_EMAIL = "validation.head_teacher"


def validators_for(school: School) -> QuerySet[User]:
    """Who handles the validation of this school's teachers.

    The representatives of the school's region; where the school's country has no
    regions (or the region has no representative), the NSS staff of the country.
    """
    representatives = regional_representatives_of_region(school.region_id)
    if school.region_id and representatives.exists():
        return representatives
    return nss_staff_of_country(school.country_id)


def can_decide(staff: User, validation: ValidationRequest) -> bool:
    """Staff may decide on requests of their country (NSS) or of their region."""
    if not staff.is_authenticated or not staff.is_active:
        return False
    school = validation.school
    return serves_country(staff, school.country_id) or serves_region(staff, school.region_id)


def head_teacher_link(validation: ValidationRequest) -> str:
    token = make_head_teacher_token(validation.pk, validation.head_teacher_nonce)
    return absolute_url(reverse("core:head-teacher-decision", args=[token]))


def send_head_teacher_email(validation: ValidationRequest) -> None:
    """E-mail the head teacher a fresh link; every earlier link stops working.

    The new nonce is stored only while the request still waits for the head teacher,
    so a link cannot be sent for a request that was decided meanwhile.
    """
    nonce = secrets.token_hex(16)
    updated = ValidationRequest.objects.filter(
        pk=validation.pk, status=ValidationRequest.Status.HEAD_TEACHER_PENDING
    ).update(head_teacher_nonce=nonce)
    if not updated:
        raise ValidationError(_("This request no longer waits for the head teacher."))
    validation.head_teacher_nonce = nonce
    # The earlier links stop working: an e-mail with one that is still queued is dropped.
    OutgoingEmail.objects.filter(
        purpose=HEAD_TEACHER_EMAIL,
        user=validation.user_id,
        email_status=OutgoingEmail.EmailStatus.PENDING,
    ).update(email_status=OutgoingEmail.EmailStatus.SKIPPED)
    school = validation.school
    teacher = validation.user
    days = settings.OPENTWIN_HEAD_TEACHER_LINK_DAYS
    site = settings.OPENTWIN_SITE_NAME
    # The head teacher has no account: write in the teacher's interface language.
    with override(teacher.language or None):
        greeting = (
            _("Dear %(name)s,") % {"name": school.head_teacher_name}
            if school.head_teacher_name
            else _("Dear head teacher,")
        )
        queue_email(
            to=validation.head_teacher_email,
            purpose=HEAD_TEACHER_EMAIL,
            user=teacher,
            subject=_("Please confirm that %(name)s works at %(school)s")
            % {"name": teacher.get_full_name(), "school": school.name},
            template="head_teacher",
            context={
                "teacher": teacher,
                "school": school,
                "role": teacher.get_school_role_display() or _("member of staff"),
                "greeting": greeting,
                "link": head_teacher_link(validation),
                "link_label": _("Confirm or deny"),
                "days": days,
                "deadline": timezone.now() + timedelta(days=days),
                "reason": _(
                    "You get this e-mail because your address is given as the address of the head "
                    "teacher of %(school)s on %(site)s. If you did not expect it, you can ignore "
                    "it."
                )
                % {"school": school.name, "site": site},
            },
        )


def notify_validators(
    validation: ValidationRequest, *, kind: str, title: str, body: str = ""
) -> None:
    """Notify everyone who decides on ``validation``, each in their own language.

    ``title`` and ``body`` are untranslated messages with ``%(school)s``, ``%(town)s``,
    ``%(role)s`` and ``%(actor)s`` (the teacher) placeholders. The stored text names no
    teacher: the name is put in when shown, so erasing the teacher leaves none behind.
    """
    school = validation.school
    teacher = validation.user
    for validator in validators_for(school):
        with override(validator.language or None):
            values = {
                "school": school.name,
                "town": school.town,
                "role": teacher.get_school_role_display() or _("member of staff"),
                "actor": Notification.ACTOR,
            }
            notify(
                validator,
                kind=kind,
                title=_(title) % values,
                body=_(body) % values if body else "",
                url=reverse("core_validation:detail", args=[validation.pk]),
                actor=teacher,
            )


def request_validation(*, actor: User, school: School) -> ValidationRequest:
    """Ask for ``actor`` to be validated as staff of ``school`` (first time or new school).

    Withdraws any open request, e-mails the head teacher a signed link, notifies the
    validators, and puts the account in "waiting for validation".
    """
    if actor.kind != User.Kind.TEACHER:
        raise ValidationError(_("Only teachers are validated."))
    if not school.head_teacher_email:
        raise ValidationError(_("The school needs the head teacher's e-mail address."))
    with transaction.atomic():
        open_requests = ValidationRequest.objects.filter(
            user=actor, status__in=ValidationRequest.OPEN
        )
        for withdrawn in open_requests:
            audit.record(VALIDATION_WITHDRAWN, actor=actor, target=withdrawn, new_school=school.pk)
        open_requests.update(status=ValidationRequest.Status.WITHDRAWN, decided_at=timezone.now())
        validation = ValidationRequest.objects.create(
            user=actor,
            school=school,
            head_teacher_email=school.head_teacher_email,
            head_teacher_nonce=secrets.token_hex(16),
        )
        actor.school = school
        actor.state = User.State.WAITING_VALIDATION
        actor.state_changed_at = timezone.now()
        actor.save(update_fields=["school", "state", "state_changed_at"])
        audit.record(VALIDATION_REQUESTED, actor=actor, target=validation, school=school.pk)
        send_head_teacher_email(validation)
        notify_validators(
            validation,
            kind="validation.requested",
            title=gettext_noop("A teacher asks to be validated for %(school)s"),
            body=gettext_noop(
                "%(actor)s registered as “%(role)s” at %(school)s (%(town)s) and asks to be "
                "validated. The head teacher was sent a link to confirm that this person "
                "works at the school. Please validate or reject the registration once the "
                "head teacher has confirmed it."
            ),
        )
    return validation


# --- the head teacher's link ------------------------------------------------------

HEAD_TEACHER = "head teacher"


def _check_link_is_current(validation: ValidationRequest, nonce: str) -> None:
    """Raise :class:`InvalidLink` unless ``nonce`` is the request's latest, unused link."""
    if validation.status != ValidationRequest.Status.HEAD_TEACHER_PENDING:
        if validation.head_teacher_decided_at is not None:
            raise InvalidLink(InvalidLink.USED)
        raise InvalidLink(InvalidLink.CLOSED)
    if not constant_time_compare(validation.head_teacher_nonce, nonce):
        raise InvalidLink(InvalidLink.REPLACED)


def validation_for_head_teacher_link(token: str) -> tuple[ValidationRequest, str]:
    """The request a head teacher's link is about, and the link's nonce.

    Raises :class:`InvalidLink` when the link is forged, expired, used or replaced.
    """
    request_id, nonce = read_head_teacher_token(token)
    validation = (
        ValidationRequest.objects.select_related("user", "school", "school__country")
        .filter(pk=request_id)
        .first()
    )
    if validation is None:
        raise InvalidLink(InvalidLink.INVALID)
    _check_link_is_current(validation, nonce)
    return validation, nonce


def _answer_as_head_teacher(validation: ValidationRequest, nonce: str, **changes) -> None:
    """Apply the head teacher's answer once: the conditional update lets one click win."""
    updated = ValidationRequest.objects.filter(
        pk=validation.pk,
        status=ValidationRequest.Status.HEAD_TEACHER_PENDING,
        head_teacher_nonce=nonce,
    ).update(**changes)
    if not updated:
        validation.refresh_from_db()
        _check_link_is_current(validation, nonce)
        raise InvalidLink(InvalidLink.USED)  # another answer won the race
    for field, value in changes.items():
        setattr(validation, field, value)


def confirm_by_head_teacher(
    validation: ValidationRequest, nonce: str, comment: str = ""
) -> ValidationRequest:
    """The head teacher confirms that the teacher works at the school: the NSS decides next."""
    comment = comment.strip()
    with transaction.atomic():
        _answer_as_head_teacher(
            validation,
            nonce,
            status=ValidationRequest.Status.NSS_PENDING,
            head_teacher_confirmed=True,
            head_teacher_decided_at=timezone.now(),
        )
        audit.record(
            HEAD_TEACHER_CONFIRMED,
            actor=None,
            target=validation,
            by=HEAD_TEACHER,
            email=validation.head_teacher_email,
            comment=comment,
        )
        teacher, school = validation.user, validation.school
        notify_validators(
            validation,
            kind="validation.head_teacher_confirmed",
            title=gettext_noop(
                "The head teacher confirmed a teacher at %(school)s: please validate"
            ),
            body=gettext_noop(
                "The head teacher of %(school)s (%(town)s) confirmed that %(actor)s works "
                "there as “%(role)s”. Please validate or reject the registration."
            ),
        )
        with override(teacher.language or None):
            notify(
                teacher,
                kind="validation.head_teacher_confirmed",
                title=_("Your head teacher confirmed that you work at %(school)s")
                % {"school": school.name},
                body=_("Your National Support Service will now validate your registration."),
                url=reverse("core:desktop"),
            )
    return validation


def deny_by_head_teacher(
    validation: ValidationRequest, nonce: str, reason: str
) -> ValidationRequest:
    """The head teacher denies that the teacher works at the school: the request is rejected."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Please say why."), code="reason_required")
    with transaction.atomic():
        now = timezone.now()
        _answer_as_head_teacher(
            validation,
            nonce,
            status=ValidationRequest.Status.REJECTED,
            head_teacher_confirmed=False,
            head_teacher_decided_at=now,
            decided_at=now,
            reason=reason,
        )
        audit.record(
            HEAD_TEACHER_DENIED,
            actor=None,
            target=validation,
            by=HEAD_TEACHER,
            email=validation.head_teacher_email,
            reason=reason,
        )
        _reject_account(validation, reason, now)
    return validation


# --- staff decisions -------------------------------------------------------------


def _reject_account(validation: ValidationRequest, reason: str, now) -> None:
    """Put the teacher's account in "rejected" and tell them why (by e-mail too)."""
    teacher = validation.user
    # A blocked or deleted account keeps its state: only a waiting one is rejected.
    if User.objects.filter(pk=teacher.pk, state=User.State.WAITING_VALIDATION).update(
        state=User.State.REJECTED, state_changed_at=now
    ):
        teacher.state, teacher.state_changed_at = User.State.REJECTED, now
    with override(teacher.language or None):
        notify(
            teacher,
            kind="validation.rejected",
            title=_("Your registration for %(school)s was not validated")
            % {"school": validation.school.name},
            body=_(
                "Reason: %(reason)s\nIf this is a mistake, choose your school again and ask "
                "for validation again, or contact your National Support Service."
            )
            % {"reason": reason},
            url=reverse("core:desktop"),
        )


def _require_decider(actor: User, validation: ValidationRequest) -> None:
    if not can_decide(actor, validation):
        raise PermissionDenied(_("You do not handle the validation of this school's teachers."))


def validate_teacher(*, actor: User, validation: ValidationRequest) -> ValidationRequest:
    """Validate a teacher whose head teacher confirmed; emits TeacherValidated after commit."""
    _require_decider(actor, validation)
    with transaction.atomic():
        teacher = User.objects.get(pk=validation.user_id)
        if teacher.state != User.State.WAITING_VALIDATION:
            raise ValidationError(
                _("This account is %(state)s; it cannot be validated now.")
                % {"state": teacher.get_state_display().lower()}
            )
        now = timezone.now()
        updated = ValidationRequest.objects.filter(
            pk=validation.pk, status=ValidationRequest.Status.NSS_PENDING
        ).update(status=ValidationRequest.Status.VALIDATED, decided_by=actor, decided_at=now)
        if not updated:
            raise ValidationError(
                _("Only a request that the head teacher confirmed can be validated.")
            )
        validation.status = ValidationRequest.Status.VALIDATED
        validation.decided_by, validation.decided_at = actor, now
        User.objects.filter(pk=teacher.pk).update(
            state=User.State.VALIDATED, state_changed_at=now, school=validation.school_id
        )
        validation.user.state, validation.user.state_changed_at = User.State.VALIDATED, now
        school = validation.school
        audit.record(TEACHER_VALIDATED, actor=actor, target=validation, school=school.pk)
        emit(
            TeacherValidated(
                user_id=teacher.pk, school_id=school.pk, country_code=school.country.code
            )
        )
        with override(teacher.language or None):
            notify(
                teacher,
                kind="validation.validated",
                title=_("Your registration for %(school)s is validated") % {"school": school.name},
                body=_("You can now take part in projects."),
                url=reverse("core:desktop"),
            )
    return validation


def reject_teacher(*, actor: User, validation: ValidationRequest, reason: str) -> ValidationRequest:
    """Reject an open request with a reason that is sent to the teacher."""
    _require_decider(actor, validation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Please give the reason for the rejection."), code="reason_required"
        )
    with transaction.atomic():
        now = timezone.now()
        updated = ValidationRequest.objects.filter(
            pk=validation.pk, status__in=ValidationRequest.OPEN
        ).update(
            status=ValidationRequest.Status.REJECTED,
            decided_by=actor,
            decided_at=now,
            reason=reason,
        )
        if not updated:
            raise ValidationError(_("This request is already closed."))
        validation.status = ValidationRequest.Status.REJECTED
        validation.decided_by, validation.decided_at, validation.reason = actor, now, reason
        audit.record(VALIDATION_REJECTED, actor=actor, target=validation, reason=reason)
        _reject_account(validation, reason, now)
    return validation


def resend_head_teacher_link(*, actor: User, validation: ValidationRequest) -> ValidationRequest:
    """Send the head teacher a new link (staff or the teacher); older links stop working."""
    if actor.pk != validation.user_id and not can_decide(actor, validation):
        raise PermissionDenied(_("You cannot resend this link."))
    with transaction.atomic():
        # send_head_teacher_email refuses (ValidationError) once the head teacher answered.
        send_head_teacher_email(validation)
        audit.record(
            VALIDATION_LINK_RESENT,
            actor=actor,
            target=validation,
            email=validation.head_teacher_email,
        )
    return validation


# --- the staff queue -------------------------------------------------------------


def requests_for_staff(staff: User) -> QuerySet[ValidationRequest]:
    """The requests a staff member handles: their region, their country, or all (superuser)."""
    requests = ValidationRequest.objects.all()
    countries = countries_served_by(staff)
    regions = regions_served_by(staff)
    if countries is None or regions is None:
        return requests
    if not countries and not regions:
        return requests.none()
    return requests.filter(Q(school__country__in=countries) | Q(school__region__in=regions))


def is_validator(user: User) -> bool:
    """Whether ``user`` has a validation queue (NSS, regional representative or superuser)."""
    return is_nss_staff(user) or is_regional_representative(user)


def count_by_status(requests: QuerySet[ValidationRequest]) -> dict[str, int]:
    """How many of ``requests`` wait for the head teacher and for the NSS (one query)."""
    Status = ValidationRequest.Status
    return requests.aggregate(
        head_teacher_pending=Count("pk", filter=Q(status=Status.HEAD_TEACHER_PENDING)),
        nss_pending=Count("pk", filter=Q(status=Status.NSS_PENDING)),
    )

"""Teacher registration (DOMAIN.md §2.1-2.3, §2.5): account, e-mail, school and role."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from core import audit
from core.links import absolute_url
from core.models import School, User, ValidationRequest
from core.registration.tokens import make_verification_token
from core.services import queue_email
from core.validation.services import request_validation

# Audit actions written by this module's services: one name per change.
EMAIL_VERIFIED = "registration.email_verified"
REGISTRATION_COMPLETED = "registration.completed"
SCHOOL_CHANGED = "registration.school_changed"
SCHOOL_CREATED = "registration.school_created"
TEACHER_REGISTERED = "registration.registered"
VERIFICATION_RESENT = "registration.verification_resent"
ADDRESS_TAKEN_WARNED = "registration.address_taken"

# Kinds of stored account e-mail sent by this module.
VERIFICATION_EMAIL = "registration.verification"
ADDRESS_TAKEN_EMAIL = "registration.address_taken"

# At most one verification e-mail per address in this many seconds.
RESEND_INTERVAL_SECONDS = 60

# Offered in the role list so that such staff learn why they cannot register.
ADMINISTRATIVE_STAFF = "administrative_staff"
ADMINISTRATIVE_STAFF_REFUSED = gettext_lazy(
    "Administrative and company staff cannot take part in OpenTwin."
)

USERNAME_TAKEN = gettext_lazy("This username is already taken. Please choose another one.")

NEW_SCHOOL_FIELDS = (
    "name",
    "country",
    "region",
    "town",
    "address",
    "head_teacher_name",
    "head_teacher_email",
)


# --- phase 1: pre-registration ------------------------------------------------


def username_taken(username: str) -> bool:
    """Whether an account holds ``username``, or a registration with a taken address
    reserved it (see :func:`_reserve_username`)."""
    return (
        User.objects.filter(username__iexact=username).exists()
        or cache.get(_username_reservation_key(username)) is not None
    )


def _username_reservation_key(username: str) -> str:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return f"registration:username-reserved:{digest}"


def _reserve_username(username: str) -> None:
    """Hold ``username`` as a new unverified account would, for as long as its link lives.

    Without this, trying the same username again would tell whether the first attempt
    created an account, that is, whether its address was free.
    """
    days = settings.OPENTWIN_EMAIL_VERIFICATION_DAYS
    cache.set(_username_reservation_key(username), 1, days * 24 * 3600)


def register_teacher(
    *,
    first_name: str,
    last_name: str,
    email: str,
    username: str,
    password: str,
    language: str = "",
) -> User | None:
    """Create a teacher account waiting for its e-mail address to be verified.

    Usernames and e-mail addresses are unique whatever their case; the database
    constraint on e-mail catches two registrations racing for the same address.

    An address that already holds an account gets no second one, but the visitor is
    not told (no account enumeration): the holder is e-mailed instead, and ``None`` is
    returned where a new account would be. Usernames are public, so a taken one is
    refused with a message.
    """
    username = User.normalize_username(username.strip())
    email = User.objects.normalize_email(email.strip())
    errors: dict[str, list[Any]] = {}
    if username_taken(username):
        errors["username"] = [USERNAME_TAKEN]
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        kind=User.Kind.TEACHER,
        state=User.State.EMAIL_UNVERIFIED,
        language=language if language in dict(settings.LANGUAGES) else "",
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        errors["password"] = error.error_list
    if errors:
        raise ValidationError(errors)
    # Hashed whichever way it goes, so the answer takes as long for a taken address.
    user.set_password(password)
    holder = _holder_of(email)
    if holder is not None:
        warn_address_taken(holder, language=user.language)
        _reserve_username(username)
        return None
    try:
        with transaction.atomic():
            user.save()
            audit.record(TEACHER_REGISTERED, actor=user, target=user)
            send_verification_email(user)
    except IntegrityError as error:
        # Someone took the username or the address between our check and the insert.
        if username_taken(username):
            raise ValidationError({"username": [USERNAME_TAKEN]}) from error
        holder = _holder_of(email)
        if holder is None:
            raise
        warn_address_taken(holder, language=user.language)
        _reserve_username(username)
        return None
    transaction.on_commit(lambda: _mark_verification_sent(email))
    return user


def _holder_of(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def warn_address_taken(holder: User, *, language: str = "") -> None:
    """E-mail the holder of an address that someone tried to register again with.

    It says how to log in or choose a new password; at most one such e-mail per
    address per RESEND_INTERVAL_SECONDS, so nobody can flood a mailbox.
    """
    if not _claim_verification_slot(holder.email):
        return
    site = settings.OPENTWIN_SITE_NAME
    with transaction.atomic(), override(holder.language or language or None):
        audit.record(ADDRESS_TAKEN_WARNED, actor=None, target=holder)
        queue_email(
            to=holder.email,
            purpose=ADDRESS_TAKEN_EMAIL,
            user=holder,
            subject=_("Someone tried to register on %(site)s with your e-mail address")
            % {"site": site},
            template="address_taken",
            context={
                "user": holder,
                "greeting": _("Hello %(name)s,") % {"name": holder.display_name()},
                "link": absolute_url(reverse("core:login")),
                "link_label": _("Log in"),
                "reset_url": absolute_url(reverse("core:password-reset")),
                "reason": _(
                    "You get this e-mail because someone gave your address when "
                    "registering on %(site)s."
                )
                % {"site": site},
            },
        )


# --- phase 2: e-mail verification ----------------------------------------------


def verification_link(user: User) -> str:
    token = make_verification_token(user.pk, user.email)
    return absolute_url(reverse("core:register-verify", args=[token]))


def send_verification_email(user: User) -> None:
    """E-mail ``user`` a verification link, in the language they registered in."""
    days = settings.OPENTWIN_EMAIL_VERIFICATION_DAYS
    with override(user.language or None):
        queue_email(
            to=user.email,
            purpose=VERIFICATION_EMAIL,
            user=user,
            subject=_("Please confirm your e-mail address for %(site)s")
            % {"site": settings.OPENTWIN_SITE_NAME},
            template="verification",
            context={
                "user": user,
                "greeting": _("Hello %(name)s,") % {"name": user.get_full_name()},
                "link": verification_link(user),
                "link_label": _("Confirm your e-mail address"),
                "days": days,
                "deadline": timezone.now() + timedelta(days=days),
                "reason": _(
                    "You get this e-mail because this address was given when registering on "
                    "%(site)s. If it was not you, ignore it: nothing happens without the link."
                )
                % {"site": settings.OPENTWIN_SITE_NAME},
            },
        )


def _rate_limit_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"registration:verification-sent:{digest}"


def _mark_verification_sent(email: str) -> None:
    cache.set(_rate_limit_key(email), timezone.now().timestamp(), RESEND_INTERVAL_SECONDS)


def _claim_verification_slot(email: str) -> bool:
    """True if no verification e-mail went to ``email`` within the interval; claims it.

    The entry holds the send time and is compared with the application's clock, so the
    rule is the same whichever cache backend (local memory, Redis) expires the entry.
    """
    key = _rate_limit_key(email)
    now = timezone.now().timestamp()
    # cache.add is atomic: of two requests at the same moment only one claims the slot.
    if cache.add(key, now, RESEND_INTERVAL_SECONDS):
        return True
    last_sent = cache.get(key)
    if last_sent is not None and now - float(last_sent) < RESEND_INTERVAL_SECONDS:
        return False
    cache.set(key, now, RESEND_INTERVAL_SECONDS)
    return True


def resend_verification(*, email: str) -> bool:
    """Send a fresh link if ``email`` belongs to an account still waiting for verification.

    Returns whether an e-mail went out; callers must not tell the visitor (no account
    enumeration). At most one e-mail per address per RESEND_INTERVAL_SECONDS.
    """
    user = User.objects.filter(
        email__iexact=email.strip(), kind=User.Kind.TEACHER, state=User.State.EMAIL_UNVERIFIED
    ).first()
    if user is None:
        return False
    if not _claim_verification_slot(user.email):
        return False
    with transaction.atomic():
        audit.record(VERIFICATION_RESENT, actor=None, target=user)
        send_verification_email(user)
    return True


def verify_email(user: User) -> bool:
    """Mark ``user``'s address as verified; the next step is the school (profile_incomplete).

    Returns False, changing nothing, when the address was already verified.
    """
    now = timezone.now()
    with transaction.atomic():
        # A conditional update: two clicks on the same link verify once.
        changed = User.objects.filter(pk=user.pk, state=User.State.EMAIL_UNVERIFIED).update(
            email_verified_at=now, state=User.State.PROFILE_INCOMPLETE, state_changed_at=now
        )
        if not changed:
            return False
        user.email_verified_at = now
        user.state = User.State.PROFILE_INCOMPLETE
        user.state_changed_at = now
        audit.record(EMAIL_VERIFIED, actor=user, target=user, email=user.email)
    return True


# --- phase 3: school and role ------------------------------------------------


def check_school_role(school_role: str) -> None:
    """Refuse administrative/company staff and anything that is not a school role."""
    if school_role == ADMINISTRATIVE_STAFF:
        raise ValidationError(ADMINISTRATIVE_STAFF_REFUSED, code="administrative_staff")
    if school_role not in User.SchoolRole.values:
        raise ValidationError(_("Choose your role in the school."), code="invalid_role")


def check_new_school(data: Mapping[str, Any]) -> None:
    """The rules of a new school: the region belongs to the country and is required
    when the country has regions; at least one level; the head teacher's contact."""
    errors: dict[str, list[Any]] = {}
    country = data.get("country")
    region = data.get("region")
    if country is not None:
        if region is not None and region.country_id != country.pk:
            errors["region"] = [_("This region does not belong to the country you chose.")]
        elif region is None and country.regions.exists():
            errors["region"] = [_("Choose the region of the school.")]
    for field, message in (
        ("name", _("Enter the name of the school.")),
        ("country", _("Choose the country of the school.")),
        ("town", _("Enter the town of the school.")),
        ("levels", _("Choose at least one level of education.")),
        ("head_teacher_name", _("Enter the head teacher's name.")),
        ("head_teacher_email", _("Enter the head teacher's e-mail address.")),
    ):
        if not data.get(field):
            errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


def _create_school(*, actor: User, data: Mapping[str, Any]) -> School:
    check_new_school(data)
    school = School.objects.create(**{field: data.get(field) for field in NEW_SCHOOL_FIELDS})
    school.levels.set(data["levels"])
    audit.record(SCHOOL_CREATED, actor=actor, target=school, name=school.name)
    return school


def _school_to_join(
    *, actor: User, school: School | None, new_school_data: Mapping[str, Any] | None
) -> School:
    if new_school_data is not None:
        return _create_school(actor=actor, data=new_school_data)
    if school is None:
        raise ValidationError(_("Choose your school from the list or add it."))
    if school.merged_into_id:
        raise ValidationError(_("This school was merged into another one. Choose that one."))
    return school


def complete_registration(
    *,
    actor: User,
    school: School | None,
    school_role: str,
    new_school_data: Mapping[str, Any] | None = None,
) -> ValidationRequest:
    """Attach ``actor`` to a school (chosen, or created from ``new_school_data``) with a
    role, and ask for validation: the head teacher is e-mailed, then the NSS decides."""
    if actor.kind != User.Kind.TEACHER or actor.state not in (
        User.State.PROFILE_INCOMPLETE,
        User.State.REJECTED,
    ):
        raise ValidationError(_("Your account is not at the step of choosing a school."))
    check_school_role(school_role)
    with transaction.atomic():
        school = _school_to_join(actor=actor, school=school, new_school_data=new_school_data)
        actor.school_role = school_role
        actor.save(update_fields=["school_role"])
        audit.record(
            REGISTRATION_COMPLETED,
            actor=actor,
            target=actor,
            school=school.pk,
            school_role=school_role,
        )
        return request_validation(actor=actor, school=school)


def change_school(
    *,
    actor: User,
    school: School | None,
    school_role: str,
    new_school_data: Mapping[str, Any] | None = None,
) -> ValidationRequest:
    """Move ``actor`` to another school: they are validated again for it (DOMAIN.md §2.5).

    Past projects keep their link to the old school; only the account changes.
    """
    if actor.kind != User.Kind.TEACHER or actor.state not in (
        User.State.VALIDATED,
        User.State.WAITING_VALIDATION,
    ):
        raise ValidationError(_("Only registered teachers can change school."))
    check_school_role(school_role)
    if school is not None and new_school_data is None and school.pk == actor.school_id:
        raise ValidationError(_("This is already your school."))
    with transaction.atomic():
        old_school_id = actor.school_id
        school = _school_to_join(actor=actor, school=school, new_school_data=new_school_data)
        actor.school_role = school_role
        actor.save(update_fields=["school_role"])
        audit.record(
            SCHOOL_CHANGED,
            actor=actor,
            target=actor,
            old_school=old_school_id,
            school=school.pk,
            school_role=school_role,
        )
        return request_validation(actor=actor, school=school)

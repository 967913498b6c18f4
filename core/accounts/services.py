"""The life of an account after registration (DOMAIN.md §2.7-2.8).

Blocking and unblocking by the NSS, the inactivity timeline (warnings, inactive,
erased) and restoring an inactive account; the teacher's own profile.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from core import audit
from core.accounts import photos
from core.models import Language, Subject, User, ValidationRequest
from core.services import erase_user_data, notify
from core.staff import countries_served_by

# Audit actions written by this module's services: one name per change.
ACCOUNT_BLOCKED = "accounts.blocked"
ACCOUNT_DEACTIVATED = "accounts.deactivated"
ACCOUNT_INACTIVITY_WARNED = "accounts.inactivity_warned"
ACCOUNT_RESTORED = "accounts.restored"
ACCOUNT_UNBLOCKED = "accounts.unblocked"
LANGUAGE_CHANGED = "accounts.language_changed"
PROFILE_UPDATED = "accounts.profile_updated"

# Kinds of account the timeline applies to: pupils follow their teacher's projects.
TIMELINE_KINDS = (User.Kind.TEACHER, User.Kind.STAFF)
# States an account can be suspended from and restored to.
SUSPENDABLE_STATES = (
    User.State.EMAIL_UNVERIFIED,
    User.State.PROFILE_INCOMPLETE,
    User.State.WAITING_VALIDATION,
    User.State.VALIDATED,
    User.State.REJECTED,
)


# --- who may manage whom ------------------------------------------------------------


def managed_accounts(staff: User) -> QuerySet[User]:
    """The accounts ``staff`` may block, unblock and restore: NSS their country's, all for
    superusers. Pupils are managed by their teachers, not here."""
    accounts = User.objects.exclude(kind=User.Kind.PUPIL).exclude(state=User.State.DELETED)
    if staff.is_superuser:
        return accounts
    countries = countries_served_by(staff) or []
    return accounts.filter(school__country__in=countries, is_superuser=False)


def can_manage_account(staff: User, user: User) -> bool:
    if not staff.is_authenticated or staff.pk == user.pk:
        return False
    return managed_accounts(staff).filter(pk=user.pk).exists()


def _check_manager(actor: User, user: User) -> None:
    if not can_manage_account(actor, user):
        raise PermissionDenied(_("You cannot manage this account."))


def _set_state(user: User, state: str, **fields: Any) -> None:
    user.state = state
    user.state_changed_at = timezone.now()
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=["state", "state_changed_at", *fields])


# --- blocking ----------------------------------------------------------------------


def block_account(*, actor: User, user: User, reason: str) -> None:
    """Block ``user`` for an administrative or technical reason; they cannot log in."""
    _check_manager(actor, user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for blocking this account."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.state == User.State.BLOCKED:
            raise ValidationError(_("This account is already blocked."))
        before = user.state_before_suspension if user.state == User.State.INACTIVE else user.state
        _set_state(
            user,
            User.State.BLOCKED,
            blocked_reason=reason,
            state_before_suspension=before,
            is_active=False,
        )
        audit.record(ACCOUNT_BLOCKED, actor=actor, target=user, reason=reason)
        with override(user.language or None):
            notify(
                user,
                kind="account.blocked",
                title=_("Your OpenTwin profile has been blocked"),
                body=_("Reason: %(reason)s\nPlease contact your National Support Service.")
                % {"reason": reason},
            )


def unblock_account(*, actor: User, user: User) -> None:
    """Give a blocked account back the state it had before."""
    _check_manager(actor, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.state != User.State.BLOCKED:
            raise ValidationError(_("This account is not blocked."))
        _resume(user)
        audit.record(ACCOUNT_UNBLOCKED, actor=actor, target=user, state=user.state)
        with override(user.language or None):
            notify(
                user,
                kind="account.unblocked",
                title=_("Your OpenTwin profile has been unblocked"),
                body=_("You can log in again."),
                url=reverse("core:login"),
            )


def restore_account(*, actor: User, user: User) -> None:
    """Give an inactive account back the state it had before; the timeline starts again."""
    _check_manager(actor, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.state != User.State.INACTIVE:
            raise ValidationError(_("Only an inactive account can be restored."))
        _resume(user)
        # The clock restarts today, or the next nightly run would deactivate them again.
        User.objects.filter(pk=user.pk).update(last_login=timezone.now())
        audit.record(ACCOUNT_RESTORED, actor=actor, target=user, state=user.state)
        with override(user.language or None):
            notify(
                user,
                kind="account.restored",
                title=_("Your OpenTwin profile has been restored"),
                body=_("You can log in again."),
                url=reverse("core:login"),
            )


def _resume(user: User) -> None:
    state = user.state_before_suspension
    if state not in SUSPENDABLE_STATES:
        state = User.State.VALIDATED
    _set_state(
        user,
        state,
        state_before_suspension="",
        blocked_reason="",
        inactivity_warning_days=0,
        is_active=True,
    )


# --- the inactivity timeline ----------------------------------------------------------


def record_login(user: User) -> None:
    """A login ends the inactivity warnings."""
    if user.inactivity_warning_days:
        User.objects.filter(pk=user.pk).update(inactivity_warning_days=0)
        user.inactivity_warning_days = 0


def _timeline_accounts() -> QuerySet[User]:
    return (
        User.objects.filter(kind__in=TIMELINE_KINDS, is_superuser=False)
        .exclude(state=User.State.DELETED)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
    )


def _send_warning(user: User, days: int) -> None:
    with override(user.language or None):
        notify(
            user,
            kind="account.inactivity_warning",
            title=ngettext(
                "Your OpenTwin profile will become inactive in %(days)d day",
                "Your OpenTwin profile will become inactive in %(days)d days",
                days,
            )
            % {"days": days},
            body=_(
                "You have not logged in for a long time. Log in to keep your profile "
                "active; an inactive profile is erased after a while."
            ),
            url=reverse("core:login"),
        )


def apply_inactivity_timeline(now: datetime | None = None) -> dict[str, int]:
    """Warn, deactivate and erase accounts that have not logged in for a long time.

    Idempotent: each warning is sent once (``inactivity_warning_days`` remembers the
    last), and deactivation and erasure only touch accounts not yet in that state.
    """
    now = now or timezone.now()
    inactive_after = timedelta(days=settings.OPENTWIN_INACTIVE_AFTER_DAYS)
    delete_after = timedelta(days=settings.OPENTWIN_DELETE_AFTER_DAYS)
    counts = {"warned": 0, "deactivated": 0, "erased": 0}

    for user in _timeline_accounts().filter(last_seen__lte=now - delete_after):
        erase_user_data(actor=None, user=user)
        counts["erased"] += 1

    deactivate = (
        _timeline_accounts()
        .filter(last_seen__lte=now - inactive_after)
        .exclude(state__in=[User.State.INACTIVE, User.State.BLOCKED])
    )
    for user in deactivate:
        with transaction.atomic():
            _set_state(
                user,
                User.State.INACTIVE,
                state_before_suspension=user.state,
                is_active=False,
            )
            audit.record(ACCOUNT_DEACTIVATED, actor=None, target=user)
            with override(user.language or None):
                notify(
                    user,
                    kind="account.deactivated",
                    title=_("Your OpenTwin profile is now inactive"),
                    body=_(
                        "You have not logged in for a long time. Please contact your National "
                        "Support Service to restore your profile; otherwise it will be erased."
                    ),
                )
        counts["deactivated"] += 1

    # The shortest warning first, so an account found late gets only the latest warning.
    for days in sorted(settings.OPENTWIN_INACTIVITY_WARNING_DAYS):
        due = (
            _timeline_accounts()
            .filter(
                last_seen__lte=now - inactive_after + timedelta(days=days),
                last_seen__gt=now - inactive_after,
                is_active=True,
            )
            # No warning to an address never confirmed to be the account holder's.
            .exclude(
                state__in=[User.State.INACTIVE, User.State.BLOCKED, User.State.EMAIL_UNVERIFIED]
            )
            .filter(Q(inactivity_warning_days=0) | Q(inactivity_warning_days__gt=days))
        )
        for user in due:
            with transaction.atomic():
                User.objects.filter(pk=user.pk).update(inactivity_warning_days=days)
                _send_warning(user, days)
                audit.record(ACCOUNT_INACTIVITY_WARNED, actor=None, target=user, days=days)
            counts["warned"] += 1
    return counts


# --- the teacher's own profile ---------------------------------------------------------


def _codes_to_objects(model, codes: Iterable[str], message: str) -> list:
    codes = list(dict.fromkeys(codes))
    found = {obj.code: obj for obj in model.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(message % {"codes": ", ".join(unknown)})
    return [found[code] for code in codes]


def _as_objects(model, values: Iterable, message: str) -> list:
    """Objects of ``model`` from objects or codes (the page sends objects, the API codes)."""
    values = list(values)
    if all(isinstance(value, model) for value in values):
        return values
    return _codes_to_objects(model, [str(value) for value in values], message)


def update_profile(
    *,
    actor: User,
    first_name: str | None = None,
    last_name: str | None = None,
    bio: str | None = None,
    listed_in_search: bool | None = None,
    subjects: Iterable[Subject | str] | None = None,
    languages: Iterable[Language | str] | None = None,
    language: str | None = None,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> User:
    """Change the given fields of the actor's public profile and interface language
    (``None``: left as it is). The username never changes.

    The profile page and the API both call this: the same input is refused with the
    same messages, keyed by field. Subjects and languages are objects or codes.
    A ``photo`` replaces the profile photo (checked and re-encoded without metadata by
    ``core.accounts.photos``); ``remove_photo`` deletes it. The old file goes once the
    change is committed.
    """
    if actor.is_pupil:
        raise PermissionDenied(_("Pupils have no public profile."))
    errors: dict[str, list[str]] = {}
    changed: dict[str, object] = {}
    new_photo = None
    if photo is not None:
        try:
            new_photo = photos.prepare_photo(photo)
        except ValidationError as error:
            errors["photo"] = error.messages
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        if value is None:
            continue
        value = value.replace("\x00", "").strip()
        max_length = User._meta.get_field(field).max_length
        if not value:
            errors[field] = [_("This field cannot be empty.")]
        elif len(value) > max_length:
            errors[field] = [_("At most %(max)d characters.") % {"max": max_length}]
        else:
            changed[field] = value
    if bio is not None:
        bio = bio.replace("\x00", "").strip()
        max_bio = User._meta.get_field("bio").max_length
        if len(bio) > max_bio:
            errors["bio"] = [_("At most %(max)d characters.") % {"max": max_bio}]
        else:
            changed["bio"] = bio
    if listed_in_search is not None:
        changed["listed_in_search"] = listed_in_search
    if language is not None:
        if language and language not in dict(settings.LANGUAGES):
            errors["language"] = [_("Choose one of the available languages.")]
        else:
            changed["language"] = language
    subject_objects = language_objects = None
    try:
        if subjects is not None:
            subject_objects = _as_objects(
                Subject, subjects, _("Unknown subject code(s): %(codes)s.")
            )
    except ValidationError as error:
        errors["subjects"] = error.messages
    try:
        if languages is not None:
            language_objects = _as_objects(
                Language, languages, _("Unknown language code(s): %(codes)s.")
            )
    except ValidationError as error:
        errors["languages"] = error.messages
    if errors:
        raise ValidationError(errors)
    photo_changes = new_photo is not None or (remove_photo and bool(actor.photo))
    fields = sorted(
        [*changed]
        + (["subjects"] if subject_objects is not None else [])
        + (["languages"] if language_objects is not None else [])
        + (["photo"] if photo_changes else [])
    )
    old_photo = actor.photo.name if actor.photo else ""
    with transaction.atomic():
        for field, value in changed.items():
            setattr(actor, field, value)
        if new_photo is not None:
            actor.photo.save(new_photo.name, new_photo, save=False)
            changed["photo"] = actor.photo.name
        elif remove_photo and old_photo:
            actor.photo = ""
            changed["photo"] = ""
        if changed:
            actor.save(update_fields=list(changed))
        if old_photo and "photo" in changed:
            storage = actor.photo.storage
            transaction.on_commit(lambda: storage.delete(old_photo))
        if subject_objects is not None:
            actor.subjects.set(subject_objects)
        if language_objects is not None:
            actor.languages.set(language_objects)
        audit.record(PROFILE_UPDATED, actor=actor, target=actor, fields=fields)
    return actor


# --- registration status (read only) ------------------------------------------------


class NextStep:
    VERIFY_EMAIL = "verify_email"
    COMPLETE_PROFILE = "complete_profile"
    WAIT_FOR_HEAD_TEACHER = "wait_for_head_teacher"
    WAIT_FOR_NSS = "wait_for_nss"
    NONE = "none"
    CONTACT_NSS = "contact_nss"


def registration_next_step(user: User, latest: ValidationRequest | None) -> str:
    """What the user has to do (or wait for) next to be a validated teacher."""
    state = user.state
    if state == User.State.EMAIL_UNVERIFIED:
        return NextStep.VERIFY_EMAIL
    if state == User.State.PROFILE_INCOMPLETE:
        return NextStep.COMPLETE_PROFILE
    if state == User.State.WAITING_VALIDATION:
        if latest is not None and latest.status == ValidationRequest.Status.HEAD_TEACHER_PENDING:
            return NextStep.WAIT_FOR_HEAD_TEACHER
        if latest is not None and latest.status == ValidationRequest.Status.NSS_PENDING:
            return NextStep.WAIT_FOR_NSS
        # Waiting without an open request: the school must be chosen again.
        return NextStep.COMPLETE_PROFILE
    if state == User.State.VALIDATED:
        return NextStep.NONE
    # Rejected, blocked, inactive or deleted: only the NSS can help.
    return NextStep.CONTACT_NSS


# --- the interface language ---------------------------------------------------------


def set_interface_language(*, actor: User, language: str) -> User:
    """Remember the interface language the actor picked, for their pages and their e-mails.

    Pupils too: they have no profile form, only the header's selector.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the available languages."))
    if actor.language == language:
        return actor
    with transaction.atomic():
        actor.language = language
        actor.save(update_fields=["language"])
        audit.record(LANGUAGE_CHANGED, actor=actor, target=actor, language=language)
    return actor

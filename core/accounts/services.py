"""The life of an account after registration (DOMAIN.md §2.7-2.8).

Blocking and unblocking by the NSS, the inactivity timeline (warnings, inactive,
erased) and restoring an inactive account; the teacher's own profile.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from core import audit
from core.models import Language, StaffRole, Subject, User
from core.services import erase_user_data, notify

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
    countries = StaffRole.objects.filter(user=staff, role=StaffRole.Role.NSS).values("country")
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
        audit.record("accounts.blocked", actor=actor, target=user, reason=reason)
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
        audit.record("accounts.unblocked", actor=actor, target=user, state=user.state)
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
        audit.record("accounts.restored", actor=actor, target=user, state=user.state)
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
            audit.record("accounts.deactivated", actor=None, target=user)
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
                audit.record("accounts.inactivity_warned", actor=None, target=user, days=days)
            counts["warned"] += 1
    return counts


# --- the teacher's own profile ---------------------------------------------------------


def update_profile(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    bio: str,
    subjects: list[Subject] | QuerySet[Subject],
    languages: list[Language] | QuerySet[Language],
    listed_in_search: bool,
    language: str,
) -> User:
    """Change the actor's public profile and interface language (never the username)."""
    if actor.is_pupil:
        raise PermissionDenied(_("Pupils have no profile to edit."))
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name or not last_name:
        raise ValidationError(_("First name and surname are required."))
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the available languages."))
    with transaction.atomic():
        actor.first_name = first_name
        actor.last_name = last_name
        actor.bio = bio.strip()
        actor.listed_in_search = listed_in_search
        actor.language = language
        actor.save(update_fields=["first_name", "last_name", "bio", "listed_in_search", "language"])
        actor.subjects.set(subjects)
        actor.languages.set(languages)
        audit.record("accounts.profile_updated", actor=actor, target=actor)
    return actor


# --- the interface language ---------------------------------------------------------

LANGUAGE_CHANGED = "accounts.language_changed"


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

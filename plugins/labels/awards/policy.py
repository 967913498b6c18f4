"""Who may do what with an award (DOMAIN.md §7, issue 12 item 7).

Two tables, both data: :data:`RIGHTS` says which roles may do an action at all,
:data:`STATES` in which of the award's states it may be done. Views, API endpoints, the
admin and services ask :class:`AwardAccess` (:func:`access_for`); its
:meth:`~AwardAccess.refusal` gives the one reason a person sees when something is not
allowed. Verifying an award is public and needs no access: anyone holding its code may
check it. A test walks every cell of both tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.models import User
from core.staff import countries_served_by, is_css_staff, is_nss_staff, serves_country
from plugins.labels.models import Award

State = Award.State


class Role(StrEnum):
    """A person's standing towards one award: the first that applies, in this order."""

    CSS = "css"  # CSS staff and superusers: every award
    NSS = "nss"  # NSS staff of the award's country
    HOLDER = "holder"  # the teacher it was issued to
    OTHER = "other"  # anyone else, visitors included


class Action(StrEnum):
    """Everything a person may do with an award, beyond verifying it."""

    VIEW = "view"  # the award's page
    DOWNLOAD = "download"  # its PDF and its baked badge
    REVOKE = "revoke"
    REISSUE = "reissue"


STAFF = frozenset({Role.CSS, Role.NSS})

# Who.
RIGHTS: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset({Role.HOLDER, *STAFF}),
    Action.DOWNLOAD: frozenset({Role.HOLDER, *STAFF}),
    Action.REVOKE: STAFF,
    Action.REISSUE: STAFF,
}

# When: the award's states in which the action may be done.
STATES: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset(State),
    # A revoked award's certificate is no longer given out: its page says why.
    Action.DOWNLOAD: frozenset({State.VALID}),
    Action.REVOKE: frozenset({State.VALID}),
    Action.REISSUE: frozenset({State.REVOKED}),
}


def role_can(role: Role, action: Action) -> bool:
    """Whether ``role`` holds ``action`` at all, per :data:`RIGHTS`."""
    return role in RIGHTS[action]


def state_allows(state: str, action: Action) -> bool:
    """Whether ``action`` may be done to an award in ``state``, per :data:`STATES`."""
    return state in STATES[action]


def role_of(user: User | None, award: Award) -> Role:
    """``user``'s standing towards ``award``."""
    if user is None or not user.is_authenticated:
        return Role.OTHER
    if user.is_superuser or is_css_staff(user):
        return Role.CSS
    if award.country_id is not None and serves_country(user, award.country_id):
        return Role.NSS
    if award.recipient_user_id is not None and award.recipient_user_id == user.pk:
        return Role.HOLDER
    return Role.OTHER


def _role_refusal(action: Action) -> str:
    if action in (Action.VIEW, Action.DOWNLOAD):
        return _("Only the award's holder and the support services can open this award.")
    return _("Only the support service that looks after this award can do this.")


def _state_refusal(award: Award, action: Action) -> str:
    if action is Action.REISSUE:
        return _("This award is valid: there is nothing to re-issue.")
    if action is Action.REVOKE:
        return _("This award has already been revoked.")
    return _("This award was revoked: its certificate can no longer be downloaded.")


@dataclass(frozen=True)
class AwardAccess:
    """One person's standing towards one award."""

    award: Award
    user: User | None
    role: Role

    def refusal(self, action: Action) -> str | None:
        """Why this person may not do ``action`` now (translated), or ``None`` if allowed."""
        action = Action(action)
        if not role_can(self.role, action):
            return _role_refusal(action)
        if not state_allows(self.award.state, action):
            return _state_refusal(self.award, action)
        if action is Action.REISSUE and self.award.holder_erased:
            return _("The holder's personal data were erased: this award cannot be re-issued.")
        return None

    def can(self, action: Action) -> bool:
        return self.refusal(action) is None

    def require(self, action: Action) -> None:
        """Raise ``PermissionDenied`` with the reason, unless ``action`` is allowed."""
        reason = self.refusal(action)
        if reason is not None:
            raise PermissionDenied(reason)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF


def access_for(user: User | None, award: Award) -> AwardAccess:
    """``user``'s access to ``award``."""
    return AwardAccess(award=award, user=user, role=role_of(user, award))


def is_awards_staff(user: User | None) -> bool:
    """Whether ``user`` looks after awards at all (the admin's list): NSS, CSS, superuser."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or is_css_staff(user) or is_nss_staff(user)


def awards_for_staff(user: User) -> QuerySet[Award]:
    """The awards ``user`` looks after: all for the CSS, their countries' for an NSS."""
    if user.is_superuser or is_css_staff(user):
        return Award.objects.all()
    countries = countries_served_by(user)
    if countries is None:
        return Award.objects.all()
    return Award.objects.filter(Q(country_id__in=countries))

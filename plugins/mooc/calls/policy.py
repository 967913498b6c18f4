"""Who may do what with a call for an event, and when (DOMAIN.md §6), in one place.

Two tables, both data: :data:`RIGHTS` says which roles may do an action at all,
:data:`WINDOWS` in which phases of the call it can be done (an action absent from it:
in any phase). Views, API endpoints and services ask :class:`CallAccess` (built once
per request by :func:`access_for`); its :meth:`~CallAccess.refusal` gives the one
reason a person sees. An NSS acts for the countries it serves only:
:meth:`CallAccess.country_refusal`. A test walks every cell of both tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import format_day
from core.models import Country, User
from core.staff import countries_served_by, is_css_staff, staff_roles_held
from plugins.mooc.models.calls import Application, CallQuota, EventCall


class Phase(StrEnum):
    """Where a call stands on its timeline."""

    DRAFT = "draft"  # not published
    UPCOMING = "upcoming"  # published, applications not open yet
    OPEN = "open"  # applications_open_at <= now < applications_close_at
    CLOSED = "closed"  # applications closed, the event has not started
    PAST = "past"  # the event has started


class Role(StrEnum):
    """A person's standing towards one call: the first that applies, in this order."""

    ORGANISER = "organiser"  # CSS staff or a superuser: every call, every country
    NSS = "nss"  # NSS staff: their countries' applicants
    APPLICANT = "applicant"  # has applied (whatever the application's status)
    TEACHER = "teacher"  # a validated teacher whose school's country has a quota
    OTHER = "other"  # anyone else: visitors, pupils, teachers of a country without places


class Action(StrEnum):
    VIEW = "view"
    APPLY = "apply"
    WITHDRAW = "withdraw"
    EDIT_APPLICATION = "edit_application"
    RANK = "rank"
    SELECT = "select"
    EXPORT = "export"
    MANAGE = "manage"  # create, edit, publish calls and set quotas


RIGHTS: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset(Role),
    Action.APPLY: frozenset({Role.TEACHER}),
    Action.WITHDRAW: frozenset({Role.APPLICANT}),
    Action.EDIT_APPLICATION: frozenset({Role.APPLICANT}),
    Action.RANK: frozenset({Role.NSS}),
    Action.SELECT: frozenset({Role.NSS}),
    Action.EXPORT: frozenset({Role.NSS, Role.ORGANISER}),
    Action.MANAGE: frozenset({Role.ORGANISER}),
}

WINDOWS: dict[Action, frozenset[Phase]] = {
    Action.APPLY: frozenset({Phase.OPEN}),
    Action.EDIT_APPLICATION: frozenset({Phase.OPEN}),
    # A place given up before the event still goes to the first on the waiting list.
    Action.WITHDRAW: frozenset({Phase.OPEN, Phase.CLOSED}),
    Action.RANK: frozenset({Phase.OPEN, Phase.CLOSED}),
    Action.SELECT: frozenset({Phase.CLOSED}),
}

# The application states from which an applicant may still withdraw or edit.
LIVE_STATUSES = frozenset(
    {Application.Status.SUBMITTED, Application.Status.SELECTED, Application.Status.WAITING}
)


def phase_of(call: EventCall, now: datetime | None = None) -> Phase:
    """The call's phase at ``now`` (default: this second)."""
    now = now or timezone.now()
    if call.published_at is None:
        return Phase.DRAFT
    if now < call.applications_open_at:
        return Phase.UPCOMING
    if now < call.applications_close_at:
        return Phase.OPEN
    if now < call.event_starts_at:
        return Phase.CLOSED
    return Phase.PAST


def role_can(role: Role, action: Action) -> bool:
    return role in RIGHTS[action]


def window_allows(phase: Phase, action: Action) -> bool:
    phases = WINDOWS.get(action)
    return phases is None or phase in phases


def _role_refusal(access: CallAccess, action: Action) -> str:
    role = access.role
    if action is Action.APPLY:
        if role is Role.APPLICANT:
            if access.application.status == Application.Status.WITHDRAWN:
                return _("You withdrew your application to this call.")
            return _("You have applied to this call already.")
        if role in (Role.ORGANISER, Role.NSS):
            return _("Staff run the selection: they do not apply.")
        if access.user is None:
            return _("Please log in to apply.")
        if access.country is not None and access.user.is_validated_teacher:
            return _(
                "This call has no places for teachers from %(country)s, so you cannot apply."
            ) % {"country": access.country.display_name}
        return _("Only validated teachers of a school can apply to calls for events.")
    if action in (Action.WITHDRAW, Action.EDIT_APPLICATION):
        return _("You have not applied to this call.")
    if action in (Action.RANK, Action.SELECT):
        return _("Only the National Support Services rank and select their applicants.")
    if action is Action.EXPORT:
        return _("Only the organisers and the National Support Services export the lists.")
    return _("Only the Central Support Service manages calls for events.")


def _window_refusal(call: EventCall, phase: Phase, action: Action) -> str:
    if action in (Action.APPLY, Action.EDIT_APPLICATION):
        if phase is Phase.UPCOMING:
            return _("Applications open on %(date)s.") % {
                "date": format_day(call.applications_open_at)
            }
        return _("Applications closed on %(date)s.") % {
            "date": format_day(call.applications_close_at)
        }
    if action is Action.WITHDRAW:
        return _("The event has started: applications can no longer be withdrawn.")
    if action is Action.RANK:
        if phase is Phase.UPCOMING:
            return _("Applications are not open yet: there is nobody to rank.")
        return _("The event has started: the ranking can no longer change.")
    if phase in (Phase.UPCOMING, Phase.OPEN):
        return _("The selection is made once applications close, on %(date)s.") % {
            "date": format_day(call.applications_close_at)
        }
    return _("The event has started: the selection can no longer change.")


@dataclass(frozen=True)
class CallAccess:
    """One person's standing towards one call, resolved once per request.

    ``country`` is the teacher's school's country (for applying); ``countries`` the
    ids an NSS serves (``None``: all, for organisers).
    """

    call: EventCall
    user: User | None
    role: Role
    application: Application | None = None
    country: Country | None = None
    countries: tuple[int, ...] | None = ()

    @property
    def phase(self) -> Phase:
        return phase_of(self.call)

    def refusal(self, action: Action) -> str | None:
        """Why this person may not do ``action`` now (translated), or ``None``."""
        action = Action(action)
        if self.call.published_at is None and self.role is not Role.ORGANISER:
            return _("This call is not published yet.")
        if not role_can(self.role, action):
            return _role_refusal(self, action)
        phase = self.phase
        if not window_allows(phase, action):
            return _window_refusal(self.call, phase, action)
        if action in (Action.WITHDRAW, Action.EDIT_APPLICATION):
            status = self.application.status
            if status == Application.Status.WITHDRAWN:
                return _("You withdrew your application: there is nothing to change.")
            if status not in LIVE_STATUSES:
                return _("Your application was not selected: there is nothing to change.")
            if action is Action.EDIT_APPLICATION and status != Application.Status.SUBMITTED:
                return _("Your application has been decided: it can no longer be edited.")
        return None

    def can(self, action: Action) -> bool:
        return self.refusal(action) is None

    def require(self, action: Action) -> None:
        """Raise ``PermissionDenied`` with the reason, unless ``action`` is allowed."""
        reason = self.refusal(action)
        if reason is not None:
            raise PermissionDenied(reason)

    def serves(self, country_id: int | None) -> bool:
        """Whether this person acts for ``country_id`` (organisers: for every country)."""
        return self.countries is None or (country_id is not None and country_id in self.countries)

    def country_refusal(self, action: Action, country_id: int | None) -> str | None:
        """Why this person may not do ``action`` for ``country_id``'s applicants."""
        reason = self.refusal(action)
        if reason is None and not self.serves(country_id):
            reason = _("You act for the applicants of the countries you serve only.")
        return reason

    def can_country(self, action: Action, country_id: int | None) -> bool:
        return self.country_refusal(action, country_id) is None

    def require_country(self, action: Action, country_id: int | None) -> None:
        reason = self.country_refusal(action, country_id)
        if reason is not None:
            raise PermissionDenied(reason)


def is_organiser(user) -> bool:
    """CSS staff and superusers organise every call."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or is_css_staff(user)


def served_countries(user) -> list[int]:
    """The countries ``user`` serves as NSS staff (a superuser is an organiser instead)."""
    if user is None or not user.is_authenticated or not user.is_active or user.is_superuser:
        return []
    return countries_served_by(user) or []


def teacher_country(user) -> Country | None:
    """The country of a teacher's school, or ``None``."""
    if user is None or not user.is_authenticated or user.school_id is None:
        return None
    return user.school.country


def access_for(user, call: EventCall) -> CallAccess:
    """Resolve ``user``'s standing towards ``call`` (a few queries; none for visitors)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return CallAccess(call=call, user=None, role=Role.OTHER)
    staff_roles_held(user)  # one query, remembered for the staff questions below
    if is_organiser(user):
        return CallAccess(call=call, user=user, role=Role.ORGANISER, countries=None)
    served = served_countries(user)
    if served:
        return CallAccess(call=call, user=user, role=Role.NSS, countries=tuple(served))
    application = Application.objects.filter(call=call, applicant=user).first()
    country = teacher_country(user)
    if application is not None:
        return CallAccess(
            call=call, user=user, role=Role.APPLICANT, application=application, country=country
        )
    if (
        user.is_validated_teacher
        and country is not None
        and CallQuota.objects.filter(call=call, country=country, places__gt=0).exists()
    ):
        return CallAccess(call=call, user=user, role=Role.TEACHER, country=country)
    return CallAccess(call=call, user=user, role=Role.OTHER, country=country)


def creation_refusal(user) -> str | None:
    """Why ``user`` may not create calls (the CSS and superusers may), or ``None``."""
    if is_organiser(user):
        return None
    return _("Only the Central Support Service creates calls for events.")


def visible_calls(user) -> QuerySet[EventCall]:
    """The calls ``user`` may open: published ones, and every call for organisers."""
    if is_organiser(user):
        return EventCall.objects.all()
    return EventCall.objects.filter(published_at__isnull=False)

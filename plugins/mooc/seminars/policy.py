"""Who may do what with an online seminar, and when (DOMAIN.md §6) in one place.

Two tables, both data: :data:`RIGHTS` says which roles may do an action at all,
:data:`PHASES` in which phases of :meth:`Seminar.phase` it can be done (an action absent
from it: in any phase). The live link has a window of its own inside those phases
(:data:`LINK_WINDOW_ACTIONS`): from ``link_shown_from`` until ``ends_at``.
Views, API endpoints and services ask :class:`SeminarAccess` (built once per request by
:func:`access_for`); its :meth:`~SeminarAccess.refusal` gives the one reason a person
sees. A test walks every cell of both tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import format_when
from core.models import SeatClaim, User
from core.staff import countries_served_by, is_css_staff, staff_roles_held
from plugins.mooc.models import Seminar, Speaker

Phase = Seminar.Phase


class Role(StrEnum):
    """A person's standing towards one seminar: the first that applies, in this order."""

    ORGANISER = "organiser"  # NSS staff of seminar.country; CSS staff and superusers: all
    SPEAKER = "speaker"  # named as a speaker with their account
    REGISTRANT = "registrant"  # holds a seated claim
    WAITING = "waiting"  # on the waiting list
    TEACHER = "teacher"  # a validated teacher, not registered
    OTHER = "other"  # visitors, pupils, unvalidated teachers, anyone else


class Action(StrEnum):
    """Everything a person may try with a seminar."""

    VIEW = "view"
    REGISTER = "register"
    CANCEL = "cancel"  # one's own registration or place in line
    ASK_REMINDER = "ask_reminder"  # be told when registration opens
    SEE_LINK = "see_link"
    JOIN = "join"
    MANAGE = "manage"  # edit, publish, cancel the seminar
    SEE_REGISTRANTS = "see_registrants"


_IN_THE_ROOM = frozenset({Role.ORGANISER, Role.SPEAKER, Role.REGISTRANT})

# Who.
RIGHTS: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset(Role),
    Action.REGISTER: frozenset({Role.TEACHER}),
    Action.CANCEL: frozenset({Role.REGISTRANT, Role.WAITING}),
    Action.ASK_REMINDER: frozenset({Role.TEACHER}),
    Action.SEE_LINK: _IN_THE_ROOM,
    Action.JOIN: _IN_THE_ROOM,
    Action.MANAGE: frozenset({Role.ORGANISER}),
    Action.SEE_REGISTRANTS: frozenset({Role.ORGANISER, Role.SPEAKER}),
}

# When. The live link opens shortly before the start, inside "registration open".
PHASES: dict[Action, frozenset[str]] = {
    Action.REGISTER: frozenset({Phase.REGISTRATION_OPEN}),
    Action.CANCEL: frozenset({Phase.REGISTRATION_OPEN}),
    Action.ASK_REMINDER: frozenset({Phase.ANNOUNCED}),
    Action.SEE_LINK: frozenset({Phase.REGISTRATION_OPEN, Phase.LIVE}),
    Action.JOIN: frozenset({Phase.REGISTRATION_OPEN, Phase.LIVE}),
    Action.MANAGE: frozenset(
        {Phase.DRAFT, Phase.ANNOUNCED, Phase.REGISTRATION_OPEN, Phase.LIVE, Phase.ENDED}
    ),
}

# The actions held to the live link's window (from link_shown_from until ends_at).
LINK_WINDOW_ACTIONS = frozenset({Action.SEE_LINK, Action.JOIN})


def role_can(role: Role, action: Action) -> bool:
    """Whether ``role`` holds ``action`` at all, per :data:`RIGHTS`."""
    return role in RIGHTS[action]


def phase_allows(phase: str, action: Action) -> bool:
    """Whether ``action`` can be done in ``phase``, per :data:`PHASES`."""
    phases = PHASES.get(action)
    return phases is None or phase in phases


def _role_refusal(role: Role, action: Action) -> str:
    if action is Action.REGISTER:
        return {
            Role.REGISTRANT: _("You are already registered."),
            Role.WAITING: _("You are already on the waiting list."),
            Role.SPEAKER: _("Speakers do not register: the live link is theirs anyway."),
            Role.ORGANISER: _("Organisers run the seminar: they do not register for it."),
        }.get(role, _("Only validated teachers can register for online seminars."))
    if action is Action.CANCEL:
        return _("You are not registered for this seminar.")
    if action is Action.ASK_REMINDER:
        if role in (Role.REGISTRANT, Role.WAITING):
            return _("You are already registered.")
        return _("Only validated teachers can ask to be reminded.")
    if action in LINK_WINDOW_ACTIONS:
        if role is Role.WAITING:
            return _("You are on the waiting list: the live link is for registrants only.")
        return _("The live link is for the seminar's registrants and speakers only.")
    if action is Action.SEE_REGISTRANTS:
        return _("The list of registrants is for the seminar's organisers and speakers.")
    return _("Only the seminar's organisers can do this.")


def _phase_refusal(seminar: Seminar, phase: str, action: Action) -> str:
    if phase == Phase.CANCELLED:
        return _("This seminar was cancelled.")
    if action is Action.REGISTER:
        if phase == Phase.ANNOUNCED:
            return _("Registration opens on %(date)s.") % {
                "date": format_when(seminar.registration_opens_at)
            }
        return _("Registration closed when the seminar started.")
    if action is Action.CANCEL:
        return _("The seminar has started: registrations can no longer be cancelled.")
    if action is Action.ASK_REMINDER:
        if phase == Phase.REGISTRATION_OPEN:
            return _("Registration is open already: register now.")
        return _("Registration for this seminar is over.")
    if action in LINK_WINDOW_ACTIONS:
        return _link_refusal(seminar, phase)
    return _("This seminar is over.")


def _link_refusal(seminar: Seminar, phase: str) -> str:
    if phase in (Phase.DRAFT, Phase.ANNOUNCED, Phase.REGISTRATION_OPEN):
        return _("The live link is shown from %(date)s.") % {
            "date": format_when(seminar.link_shown_from)
        }
    return _("The seminar ended on %(date)s: its live link is closed.") % {
        "date": format_when(seminar.ends_at)
    }


@dataclass(frozen=True)
class SeminarAccess:
    """One person's standing towards one seminar, resolved once per request."""

    seminar: Seminar
    user: User | None
    role: Role
    claim: SeatClaim | None = None

    def refusal(self, action: Action, *, now: datetime | None = None) -> str | None:
        """Why this person may not do ``action`` now (translated), or ``None`` if allowed."""
        action = Action(action)
        seminar = self.seminar
        now = now or timezone.now()
        phase = seminar.phase(now)
        if phase == Phase.DRAFT and self.role is not Role.ORGANISER:
            return _("This seminar is not announced yet.")
        if not role_can(self.role, action):
            return _role_refusal(self.role, action)
        if not phase_allows(phase, action):
            return _phase_refusal(seminar, phase, action)
        if action in LINK_WINDOW_ACTIONS and not (seminar.link_shown_from <= now < seminar.ends_at):
            return _link_refusal(seminar, phase)
        return None

    def can(self, action: Action, *, now: datetime | None = None) -> bool:
        """Whether this person may do ``action`` now."""
        return self.refusal(action, now=now) is None

    def require(self, action: Action, *, now: datetime | None = None) -> None:
        """Raise ``PermissionDenied`` with the reason, unless ``action`` is allowed."""
        reason = self.refusal(action, now=now)
        if reason is not None:
            raise PermissionDenied(reason)

    @property
    def is_organiser(self) -> bool:
        return self.role is Role.ORGANISER


def is_organiser(user, seminar: Seminar) -> bool:
    """NSS staff of the seminar's country, CSS staff, or a superuser. A European seminar
    (no country) is the CSS's."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or is_css_staff(user):
        return True
    return seminar.country_id is not None and seminar.country_id in (
        countries_served_by(user) or []
    )


_CLAIM_FIELDS = ("id", "status", "created_at", "seated_at")


def access_for(user, seminar: Seminar) -> SeminarAccess:
    """Resolve ``user``'s standing towards ``seminar`` (two queries; none for visitors)."""
    if user is None or not user.is_authenticated:
        return SeminarAccess(seminar=seminar, user=None, role=Role.OTHER)
    live = SeatClaim.objects.filter(
        offer_id=seminar.seat_offer_id, user_id=OuterRef("pk"), status__in=SeatClaim.LIVE_STATUSES
    ).order_by("created_at", "id")
    row = (
        User.objects.filter(pk=user.pk)
        .values(
            is_speaker=Exists(
                Speaker.objects.filter(seminar_id=seminar.pk, user_id=OuterRef("pk"))
            ),
            **{f"claim_{field}": Subquery(live.values(field)[:1]) for field in _CLAIM_FIELDS},
        )
        .first()
    )
    staff_roles_held(user)  # one query, remembered on the user for the staff questions
    if is_organiser(user, seminar):
        return SeminarAccess(seminar=seminar, user=user, role=Role.ORGANISER)
    if row and row["is_speaker"]:
        return SeminarAccess(seminar=seminar, user=user, role=Role.SPEAKER)
    if row and row["claim_id"] is not None:
        claim = SeatClaim.from_db(
            "default",
            ["id", "offer_id", "user_id", "status", "created_at", "seated_at", "cancelled_at"],
            [
                row["claim_id"],
                seminar.seat_offer_id,
                user.pk,
                row["claim_status"],
                row["claim_created_at"],
                row["claim_seated_at"],
                None,
            ],
        )
        role = Role.REGISTRANT if claim.status == SeatClaim.Status.SEATED else Role.WAITING
        return SeminarAccess(seminar=seminar, user=user, role=role, claim=claim)
    if user.is_validated_teacher:
        return SeminarAccess(seminar=seminar, user=user, role=Role.TEACHER)
    return SeminarAccess(seminar=seminar, user=user, role=Role.OTHER)


def creation_refusal(user) -> str | None:
    """Why ``user`` may not create seminars (NSS and CSS staff may), or ``None``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return _("Please log in to create an online seminar.")
    if user.is_superuser or is_css_staff(user) or countries_served_by(user):
        return None
    return _(
        "Only the staff of the National and Central Support Services can create online seminars."
    )


def can_create_seminars(user) -> bool:
    """Whether ``user`` may create seminars."""
    return creation_refusal(user) is None


def manageable_seminars(user) -> QuerySet[Seminar]:
    """The seminars ``user`` organises: NSS staff those of their countries; CSS staff and
    superusers all (European ones included)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Seminar.objects.none()
    if user.is_superuser or is_css_staff(user):
        return Seminar.objects.all()
    return Seminar.objects.filter(country__in=countries_served_by(user) or [])

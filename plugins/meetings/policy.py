"""Who may do what in a teaching meeting, and when: DOMAIN.md §5 in one place.

Two tables, both data: :data:`RIGHTS` says which roles may do an action at all,
:data:`PHASES` in which phases it can be done (an action absent from it: in any phase).
Views, API endpoints and services ask :class:`MeetingAccess` (built once per request by
:func:`access_for`); its :meth:`~MeetingAccess.refusal` gives the one reason a person
sees when something is not allowed. A test walks every cell of both tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import format_day
from core.models import SeatClaim, User
from core.staff import countries_served_by, is_css_staff, is_trainer, staff_roles_held
from plugins.meetings.models import Meeting

State = Meeting.State


class Role(StrEnum):
    """A person's standing towards one meeting: the first that applies, trainer before
    organiser (a trainer holds every right of an organiser, and posts too), then the
    others in this order."""

    ORGANISER = "organiser"  # NSS staff of meeting.country (or CSS staff/superuser for all)
    TRAINER = "trainer"  # in meeting.trainers
    PARTICIPANT = "participant"  # holds a seated claim
    WAITING = "waiting"  # on the waiting list
    TEACHER = "teacher"  # a validated teacher, not registered
    OTHER = "other"  # unvalidated teacher, pupil, anonymous visitor, anyone else


class Action(StrEnum):
    """Everything a person may try in a meeting."""

    VIEW = "view"  # the announcement
    REGISTER = "register"
    CANCEL = "cancel"
    READ_MATERIALS = "read_materials"
    READ_DISCUSSIONS = "read_discussions"
    POST = "post"  # start threads and reply
    WRITE_REFLECTION = "write_reflection"
    ANSWER_SURVEY = "answer_survey"
    SEE_PROGRESS = "see_progress"
    MARK_COMPLETION = "mark_completion"
    MANAGE = "manage"  # edit, materials, activities, switch phase
    MODERATE = "moderate"
    SEE_SURVEY_RESULTS = "see_survey_results"


_RUNNERS = frozenset({Role.ORGANISER, Role.TRAINER})
_IN_THE_MEETING = frozenset({Role.ORGANISER, Role.TRAINER, Role.PARTICIPANT})

# Who (DOMAIN.md §5 and issue 10).
RIGHTS: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset(Role),
    Action.REGISTER: frozenset({Role.TEACHER}),
    Action.CANCEL: frozenset({Role.PARTICIPANT, Role.WAITING}),
    Action.READ_MATERIALS: _IN_THE_MEETING,
    Action.READ_DISCUSSIONS: _IN_THE_MEETING,
    Action.POST: frozenset({Role.TRAINER, Role.PARTICIPANT}),
    Action.WRITE_REFLECTION: frozenset({Role.PARTICIPANT}),
    Action.ANSWER_SURVEY: frozenset({Role.PARTICIPANT}),
    Action.SEE_PROGRESS: _RUNNERS,
    Action.MARK_COMPLETION: _RUNNERS,
    Action.MANAGE: _RUNNERS,
    Action.MODERATE: _RUNNERS,
    Action.SEE_SURVEY_RESULTS: _RUNNERS,
}

# When. Materials and discussions are readable in every phase (before, during, after).
PHASES: dict[Action, frozenset[str]] = {
    Action.REGISTER: frozenset({State.REGISTRATION_OPEN}),
    # A seat freed during the active phase still goes to the first in line.
    Action.CANCEL: frozenset({State.REGISTRATION_OPEN, State.ACTIVE}),
    Action.POST: frozenset({State.ACTIVE}),
    Action.WRITE_REFLECTION: frozenset({State.REFLECTION}),
    Action.ANSWER_SURVEY: frozenset({State.REFLECTION, State.CLOSED}),
    Action.MARK_COMPLETION: frozenset({State.ACTIVE, State.REFLECTION, State.CLOSED}),
}


def role_can(role: Role, action: Action) -> bool:
    """Whether ``role`` holds ``action`` at all, per :data:`RIGHTS`."""
    return role in RIGHTS[action]


def phase_allows(state: str, action: Action) -> bool:
    """Whether ``action`` can be done in phase ``state``, per :data:`PHASES`."""
    phases = PHASES.get(action)
    return phases is None or state in phases


def _role_refusal(role: Role, action: Action) -> str:
    if action is Action.REGISTER:
        return {
            Role.PARTICIPANT: _("You are already registered."),
            Role.WAITING: _("You are already on the waiting list."),
            Role.TRAINER: _("Trainers run the meeting: they do not register for it."),
            Role.ORGANISER: _("Organisers run the meeting: they do not register for it."),
        }.get(role, _("Only validated teachers can register for teaching meetings."))
    if action is Action.CANCEL:
        return _("You are not registered for this meeting.")
    if role is Role.WAITING and action in (Action.READ_MATERIALS, Action.READ_DISCUSSIONS):
        return _("You are on the waiting list: this opens to you once you have a seat.")
    if action is Action.READ_MATERIALS:
        return _("The materials are for the meeting's participants and trainers.")
    if action in (Action.READ_DISCUSSIONS, Action.POST):
        return _("The discussions are for the meeting's participants and trainers.")
    if action is Action.WRITE_REFLECTION:
        return _("Only the meeting's participants write reflection entries.")
    if action is Action.ANSWER_SURVEY:
        return _("Only the meeting's participants answer its evaluation survey.")
    return _("Only the meeting's trainers and organisers can do this.")


def _phase_refusal(meeting: Meeting, action: Action) -> str:
    before = Meeting.ORDER.index(meeting.state) < Meeting.ORDER.index(State.ACTIVE)
    if action is Action.REGISTER:
        return _("Registration for this meeting is not open.")
    if action is Action.CANCEL:
        return _("The active phase is over: registrations can no longer be cancelled.")
    if action is Action.POST:
        if before:
            return _("Discussions open with the active phase on %(date)s.") % {
                "date": format_day(meeting.active_starts_at)
            }
        return _("Discussions are open during the active phase only: it ended on %(date)s.") % {
            "date": format_day(meeting.reflection_starts_at)
        }
    if action is Action.WRITE_REFLECTION:
        return _("Reflection entries can be written during the reflection phase only.")
    if action is Action.ANSWER_SURVEY:
        return _("The evaluation survey opens with the reflection phase.")
    return _("Completion can be marked once the active phase has started.")


@dataclass(frozen=True)
class MeetingAccess:
    """One person's standing in one meeting, resolved once per request."""

    meeting: Meeting
    user: User | None
    role: Role
    claim: SeatClaim | None = None

    def refusal(self, action: Action) -> str | None:
        """Why this person may not do ``action`` now (translated), or ``None`` if allowed."""
        action = Action(action)
        meeting = self.meeting
        if meeting.published_at is None and self.role not in _RUNNERS:
            return _("This meeting is not announced yet.")
        if not role_can(self.role, action):
            return _role_refusal(self.role, action)
        if not phase_allows(meeting.state, action):
            return _phase_refusal(meeting, action)
        if action is Action.REGISTER and timezone.now() >= meeting.registration_closes_at:
            return _("Registration for this meeting closed on %(date)s.") % {
                "date": format_day(meeting.registration_closes_at)
            }
        return None

    def can(self, action: Action) -> bool:
        """Whether this person may do ``action`` now."""
        return self.refusal(action) is None

    def require(self, action: Action) -> None:
        """Raise ``PermissionDenied`` with the reason, unless ``action`` is allowed."""
        reason = self.refusal(action)
        if reason is not None:
            raise PermissionDenied(reason)

    @property
    def is_runner(self) -> bool:
        """An organiser or a trainer of the meeting."""
        return self.role in _RUNNERS


def is_organiser(user: User, meeting: Meeting) -> bool:
    """NSS staff of the meeting's country, CSS staff, or a superuser."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or is_css_staff(user):
        return True
    countries = countries_served_by(user)
    return meeting.country_id is not None and meeting.country_id in (countries or [])


def access_for(user, meeting: Meeting) -> MeetingAccess:
    """Resolve ``user``'s standing in ``meeting`` (at most two queries; none for visitors)."""
    if user is None or not user.is_authenticated:
        return MeetingAccess(meeting=meeting, user=None, role=Role.OTHER)
    # One query answers both "a trainer?" and "which claim?".
    live = SeatClaim.objects.filter(
        offer_id=meeting.seat_offer_id, user_id=OuterRef("pk"), status__in=SeatClaim.LIVE_STATUSES
    ).order_by("created_at", "id")
    fields = ("id", "status", "created_at", "seated_at")
    row = (
        User.objects.filter(pk=user.pk)
        .values(
            is_trainer=Exists(
                Meeting.trainers.through.objects.filter(
                    meeting_id=meeting.pk, user_id=OuterRef("pk")
                )
            ),
            **{f"claim_{field}": Subquery(live.values(field)[:1]) for field in fields},
        )
        .first()
    )
    if row and row["is_trainer"]:
        return MeetingAccess(meeting=meeting, user=user, role=Role.TRAINER)
    staff_roles_held(user)  # one query, remembered on the user for the staff questions
    if is_organiser(user, meeting):
        return MeetingAccess(meeting=meeting, user=user, role=Role.ORGANISER)
    claim = None
    if row and row["claim_id"] is not None:
        claim = SeatClaim.from_db(
            "default",
            ["id", "offer_id", "user_id", "status", "created_at", "seated_at", "cancelled_at"],
            [
                row["claim_id"],
                meeting.seat_offer_id,
                user.pk,
                row["claim_status"],
                row["claim_created_at"],
                row["claim_seated_at"],
                None,
            ],
        )
        role = Role.PARTICIPANT if claim.status == SeatClaim.Status.SEATED else Role.WAITING
        return MeetingAccess(meeting=meeting, user=user, role=role, claim=claim)
    if user.is_validated_teacher:
        return MeetingAccess(meeting=meeting, user=user, role=Role.TEACHER)
    return MeetingAccess(meeting=meeting, user=user, role=Role.OTHER)


def creation_refusal(user) -> str | None:
    """Why ``user`` may not create meetings (trainers, NSS and CSS staff may), or ``None``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return _("Please log in to create a teaching meeting.")
    if user.is_superuser or is_css_staff(user) or is_trainer(user) or countries_served_by(user):
        return None
    return _(
        "Only trainers and the staff of the National and Central Support Services can "
        "create teaching meetings."
    )


def can_create_meetings(user) -> bool:
    """Whether ``user`` may create meetings."""
    return creation_refusal(user) is None


def manageable_meetings(user) -> QuerySet[Meeting]:
    """The meetings ``user`` runs: as trainer, or as organiser (NSS of the meeting's
    country; CSS staff and superusers: all)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Meeting.objects.none()
    if user.is_superuser or is_css_staff(user):
        return Meeting.objects.all()
    countries = countries_served_by(user) or []
    trained = Meeting.trainers.through.objects.filter(meeting_id=OuterRef("pk"), user_id=user.pk)
    return Meeting.objects.filter(Q(Exists(trained)) | Q(country__in=countries))

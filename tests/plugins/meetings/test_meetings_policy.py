"""The meetings' role table (DOMAIN.md §5, issue 10), cell by cell: who may do what, and
in which phase; how a person's role in a meeting is found; the reasons people see."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.models import StaffRole, User
from plugins.meetings import services
from plugins.meetings.models import Meeting
from plugins.meetings.policy import (
    PHASES,
    RIGHTS,
    Action,
    MeetingAccess,
    Role,
    access_for,
    can_create_meetings,
    creation_refusal,
    manageable_meetings,
)
from tests.factories import PupilFactory
from tests.factories.meetings import (
    announced_meeting,
    css,
    new_meeting,
    nss,
    teacher,
    trainer,
    unvalidated_teacher,
)

pytestmark = pytest.mark.django_db

State = Meeting.State
ORGANISER, TRAINER, PARTICIPANT = Role.ORGANISER, Role.TRAINER, Role.PARTICIPANT
WAITING, TEACHER, OTHER = Role.WAITING, Role.TEACHER, Role.OTHER
EVERY_PHASE = frozenset(State)

# The table as the issue states it, written out independently of the code.
EXPECTED_RIGHTS = {
    Action.VIEW: {ORGANISER, TRAINER, PARTICIPANT, WAITING, TEACHER, OTHER},
    Action.REGISTER: {TEACHER},
    Action.CANCEL: {PARTICIPANT, WAITING},
    Action.READ_MATERIALS: {ORGANISER, TRAINER, PARTICIPANT},
    Action.READ_DISCUSSIONS: {ORGANISER, TRAINER, PARTICIPANT},
    Action.POST: {TRAINER, PARTICIPANT},
    Action.WRITE_REFLECTION: {PARTICIPANT},
    Action.ANSWER_SURVEY: {PARTICIPANT},
    Action.SEE_PROGRESS: {ORGANISER, TRAINER},
    Action.MARK_COMPLETION: {ORGANISER, TRAINER},
    Action.MANAGE: {ORGANISER, TRAINER},
    Action.MODERATE: {ORGANISER, TRAINER},
    Action.SEE_SURVEY_RESULTS: {ORGANISER, TRAINER},
}
EXPECTED_PHASES = {
    Action.VIEW: EVERY_PHASE,
    Action.REGISTER: {State.REGISTRATION_OPEN},
    Action.CANCEL: {State.REGISTRATION_OPEN, State.ACTIVE},
    # Materials: before, during and after the meeting.
    Action.READ_MATERIALS: EVERY_PHASE,
    Action.READ_DISCUSSIONS: EVERY_PHASE,
    Action.POST: {State.ACTIVE},
    Action.WRITE_REFLECTION: {State.REFLECTION},
    Action.ANSWER_SURVEY: {State.REFLECTION, State.CLOSED},
    Action.SEE_PROGRESS: EVERY_PHASE,
    Action.MARK_COMPLETION: {State.ACTIVE, State.REFLECTION, State.CLOSED},
    Action.MANAGE: EVERY_PHASE,
    Action.MODERATE: EVERY_PHASE,
    Action.SEE_SURVEY_RESULTS: EVERY_PHASE,
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_rights_cell(action, role):
    assert (role in RIGHTS[action]) == (role in EXPECTED_RIGHTS[action])


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("action", list(Action))
def test_phases_cell(action, state):
    allowed = action not in PHASES or state in PHASES[action]
    assert allowed == (state in EXPECTED_PHASES[action])


def _meeting_in(state: str, actor: User) -> Meeting:
    """A meeting moved by its trainer, by hand, into ``state`` (a draft stays unannounced)."""
    meeting = new_meeting(actor=actor)
    for following in Meeting.ORDER[1 : Meeting.ORDER.index(state) + 1]:
        meeting = services.switch_phase(actor=actor, meeting=meeting, to=following)
    return meeting


@pytest.mark.parametrize("state", list(State))
def test_every_cell_holds_for_a_real_meeting_in_each_phase(state):
    runner = trainer()
    meeting = _meeting_in(state, runner)
    assert meeting.state == state
    for role in Role:
        access = MeetingAccess(meeting=meeting, user=None, role=role)
        for action in Action:
            expected = role in EXPECTED_RIGHTS[action] and state in EXPECTED_PHASES[action]
            if meeting.published_at is None:
                # An unannounced draft exists only for the people who run it.
                expected = expected and role in (ORGANISER, TRAINER)
            assert access.can(action) == expected, (state, role, action)
            assert (access.refusal(action) is None) == expected


def test_roles_are_found_for_each_kind_of_person():
    runner = trainer()
    organiser = nss("ES")
    meeting = announced_meeting(actor=organiser, trainers=[runner], capacity=1, country=None)
    with time_machine.travel(meeting.registration_opens_at + timedelta(hours=1)):
        seated, waiting = teacher(), teacher()
        services.register(actor=seated, meeting=meeting)
        services.register(actor=waiting, meeting=meeting)
        meeting.refresh_from_db()
        cases = {
            organiser: ORGANISER,
            css(): ORGANISER,
            User.objects.create_superuser("root", "root@example.org", "x" * 20): ORGANISER,
            runner: TRAINER,
            seated: PARTICIPANT,
            waiting: WAITING,
            teacher(): TEACHER,
            unvalidated_teacher(): OTHER,
            PupilFactory(): OTHER,
            nss("FR"): OTHER,
        }
        for person, role in cases.items():
            assert access_for(person, meeting).role == role, person
        assert access_for(None, meeting).role == OTHER
        claim = access_for(seated, meeting).claim
        assert claim.status == "seated" and claim.user_id == seated.pk


def test_an_organiser_who_also_trains_the_meeting_takes_part_in_its_discussions():
    organiser = nss("ES")
    StaffRole.objects.create(user=organiser, role=StaffRole.Role.TRAINER)
    meeting = new_meeting(actor=organiser, trainers=[organiser])
    access = access_for(User.objects.get(pk=organiser.pk), meeting)
    assert access.role == TRAINER
    assert all(access.role in RIGHTS[action] for action in Action if ORGANISER in RIGHTS[action])


def test_the_organiser_is_the_nss_of_the_meetings_country():
    spanish_nss, french_nss = nss("ES"), nss("FR")
    meeting = new_meeting(actor=spanish_nss)
    assert meeting.country.code == "ES"
    assert access_for(spanish_nss, meeting).role == ORGANISER
    assert access_for(french_nss, meeting).role == OTHER


def test_finding_a_role_takes_at_most_two_queries(django_assert_max_num_queries):
    runner = trainer()
    meeting = announced_meeting(actor=runner)
    with time_machine.travel(meeting.registration_opens_at + timedelta(hours=1)):
        person = teacher()
        services.register(actor=person, meeting=meeting)
        for user in (person, runner, teacher(), nss("FR")):
            fresh = User.objects.get(pk=user.pk)
            with django_assert_max_num_queries(2):
                access_for(fresh, meeting)


def test_anonymous_visitors_cost_no_query(django_assert_num_queries):
    meeting = announced_meeting(actor=trainer())
    with django_assert_num_queries(0):
        assert access_for(None, meeting).role == OTHER


def test_unvalidated_teacher_sees_why_they_cannot_register():
    meeting = announced_meeting(actor=trainer())
    with time_machine.travel(meeting.registration_opens_at + timedelta(hours=1)):
        access = access_for(unvalidated_teacher(), meeting)
        assert access.refusal(Action.REGISTER) == (
            "Only validated teachers can register for teaching meetings."
        )
        with pytest.raises(PermissionDenied) as refused:
            access.require(Action.REGISTER)
        assert str(refused.value) == "Only validated teachers can register for teaching meetings."


def test_registered_teacher_is_told_they_are_already_registered():
    meeting = announced_meeting(actor=trainer())
    with time_machine.travel(meeting.registration_opens_at + timedelta(hours=1)):
        person = teacher()
        services.register(actor=person, meeting=meeting)
        assert access_for(person, meeting).refusal(Action.REGISTER) == (
            "You are already registered."
        )


def test_registration_is_refused_before_it_opens_and_after_it_closes():
    runner = trainer()
    meeting = announced_meeting(
        actor=runner,
        registration_closes_at=timezone.now() + timedelta(days=5),
    )
    person = teacher()
    assert access_for(person, meeting).refusal(Action.REGISTER) == (
        "Registration for this meeting is not open."
    )
    with time_machine.travel(meeting.registration_closes_at + timedelta(seconds=1)):
        services.advance_meetings()
        meeting.refresh_from_db()
        assert meeting.state == State.REGISTRATION_OPEN
        refusal = access_for(person, meeting).refusal(Action.REGISTER)
        assert refusal.startswith("Registration for this meeting closed on ")


def test_an_unannounced_draft_is_hidden_from_everyone_but_its_runners():
    runner = trainer()
    meeting = new_meeting(actor=runner)
    assert access_for(teacher(), meeting).refusal(Action.VIEW) == (
        "This meeting is not announced yet."
    )
    assert access_for(runner, meeting).can(Action.VIEW)


def test_waiting_teacher_sees_why_the_materials_are_closed():
    meeting = announced_meeting(actor=trainer(), capacity=1)
    with time_machine.travel(meeting.registration_opens_at + timedelta(hours=1)):
        services.register(actor=teacher(), meeting=meeting)
        waiting = teacher()
        services.register(actor=waiting, meeting=meeting)
        assert access_for(waiting, meeting).refusal(Action.READ_MATERIALS) == (
            "You are on the waiting list: this opens to you once you have a seat."
        )


def test_trainers_nss_and_css_may_create_meetings_and_teachers_may_not():
    for person in (trainer(), nss("ES"), css()):
        assert can_create_meetings(person)
    assert creation_refusal(teacher()) == (
        "Only trainers and the staff of the National and Central Support Services can create "
        "teaching meetings."
    )
    assert not can_create_meetings(PupilFactory())


def test_manageable_meetings_are_those_one_trains_or_organises():
    runner, other_runner = trainer(), trainer()
    spanish_nss = nss("ES")
    trained = new_meeting(actor=runner)
    organised = new_meeting(actor=spanish_nss, trainers=[other_runner])
    european = new_meeting(actor=css())
    assert set(manageable_meetings(runner)) == {trained}
    assert set(manageable_meetings(other_runner)) == {organised}
    assert set(manageable_meetings(spanish_nss)) == {organised}
    assert set(manageable_meetings(css())) == {trained, organised, european}
    assert not manageable_meetings(teacher()).exists()

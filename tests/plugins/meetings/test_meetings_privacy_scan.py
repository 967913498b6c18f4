"""After a participant or a trainer of meetings is erased, their names, username and
e-mail address are nowhere in the database.

They sign what is their own (the reflection journal, the survey comment) with their
name; their discussion posts stay as a former participant's, so they hold no name here.
"""

from __future__ import annotations

import pytest

from core import services as core_services
from plugins.meetings import services
from plugins.meetings.models import Meeting
from tests.factories.twinspace import teacher_in
from tests.support.erasure import text_columns_containing
from tests.support.meetings import T0, create_meeting, make_staff, make_trainer, reach

pytestmark = pytest.mark.django_db
State = Meeting.State

PARTICIPANT = {
    "first name": "Zebulonia",
    "surname": "Quixotewright",
    "username": "zq.teacher77",
}
TRAINER = {
    "first name": "Olwenna",
    "surname": "Fairweatherby",
    "username": "of.trainer88",
}


def signature(needles: dict[str, str]) -> str:
    return f"{needles['first name']} {needles['surname']} ({needles['username']})"


@pytest.fixture
def at_t0(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def a_meeting_run_from_start_to_close(time_machine):
    """A trainer and a participant take part in every phase of a meeting; the participant
    also waits for a second meeting."""
    organiser = make_staff("nss.es.scan")
    trainer = make_trainer(
        username=TRAINER["username"],
        first_name=TRAINER["first name"],
        last_name=TRAINER["surname"],
    )
    participant = teacher_in(
        "ES",
        username=PARTICIPANT["username"],
        first_name=PARTICIPANT["first name"],
        last_name=PARTICIPANT["surname"],
    )
    meeting = create_meeting(organiser, title="Scanned meeting", trainers=(trainer,))
    full = create_meeting(organiser, title="Full meeting", capacity=1, trainers=(trainer,))
    reach(time_machine, meeting, State.REGISTRATION_OPEN)
    services.add_activity(
        actor=trainer, meeting=meeting, title="Warm-up", instructions="<p>Introduce yourself.</p>"
    )
    services.add_material(
        actor=trainer, meeting=meeting, title="Reading list", link="https://example.org/list"
    )
    services.register(actor=participant, meeting=meeting)
    services.register(actor=teacher_in("FR"), meeting=full)
    services.register(actor=participant, meeting=full)
    meeting = reach(time_machine, meeting, State.ACTIVE)
    thread = services.start_thread(
        actor=trainer, meeting=meeting, title="Welcome", body="<p>Say hello.</p>"
    )
    services.reply(actor=participant, thread=thread, body="<p>Hello from my class.</p>")
    meeting = reach(time_machine, meeting, State.REFLECTION)
    services.write_reflection(
        actor=participant, meeting=meeting, body=f"<p>Notes of {signature(PARTICIPANT)}</p>"
    )
    services.answer_survey(
        actor=participant,
        meeting=meeting,
        content=5,
        trainers=5,
        organisation=4,
        usefulness=5,
        comment=f"Thank you, from {signature(PARTICIPANT)}",
    )
    reach(time_machine, meeting, State.CLOSED)
    return participant, trainer


def test_no_trace_of_a_participant_after_their_erasure(at_t0, django_capture_on_commit_callbacks):
    participant, _trainer = a_meeting_run_from_start_to_close(at_t0)
    assert text_columns_containing(PARTICIPANT) != [], "the scenario should have stored the data"

    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=participant, user=participant)

    assert text_columns_containing(PARTICIPANT) == []


def test_no_trace_of_a_trainer_after_their_erasure(at_t0, django_capture_on_commit_callbacks):
    _participant, trainer = a_meeting_run_from_start_to_close(at_t0)
    assert text_columns_containing(TRAINER) != []

    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=trainer, user=trainer)

    assert text_columns_containing(TRAINER) == []

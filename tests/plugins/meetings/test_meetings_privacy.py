"""The meetings privacy provider: what a person's export holds, and what their erasure
takes away, keeps without a name, and hands on (a freed seat goes to the first in line)."""

from __future__ import annotations

import json

import pytest

from core import services as core_services
from core.models import Notification, SeatClaim
from plugins.meetings import services
from plugins.meetings.models import (
    Activity,
    Completion,
    Material,
    Meeting,
    Post,
    ReflectionEntry,
    SurveyResponse,
    Thread,
)
from plugins.meetings.privacy import erase_meetings_data, export_meetings_data
from tests.factories.twinspace import teacher_in
from tests.support.meetings import T0, create_meeting, make_staff, make_trainer, reach

pytestmark = pytest.mark.django_db
State = Meeting.State


@pytest.fixture
def at_t0(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def a_completed_meeting(time_machine, teacher, trainer, organiser) -> Meeting:
    """``teacher`` registers, posts, reflects, answers the survey and completes the meeting."""
    meeting = create_meeting(organiser, title="Completed meeting", trainers=(trainer,))
    reach(time_machine, meeting, State.REGISTRATION_OPEN)
    services.register(actor=teacher, meeting=meeting)
    meeting = reach(time_machine, meeting, State.ACTIVE)
    thread = services.start_thread(
        actor=trainer, meeting=meeting, title="Welcome", body="<p>Say hello.</p>"
    )
    services.reply(actor=teacher, thread=thread, body="<p>Hello from my class.</p>")
    services.start_thread(actor=teacher, meeting=meeting, title="My question", body="<p>How?</p>")
    meeting = reach(time_machine, meeting, State.REFLECTION)
    services.write_reflection(actor=teacher, meeting=meeting, body="<p>I learnt a lot.</p>")
    services.answer_survey(
        actor=teacher,
        meeting=meeting,
        content=5,
        trainers=4,
        organisation=3,
        usefulness=5,
        comment="Very useful.",
    )
    return reach(time_machine, meeting, State.CLOSED)


def test_export_holds_everything_the_meetings_hold_about_a_participant(at_t0):
    organiser, trainer, teacher = make_staff("nss.es.p1"), make_trainer(), teacher_in("ES")
    a_completed_meeting(at_t0, teacher, trainer, organiser)

    data = export_meetings_data(teacher)

    json.dumps(data)  # JSON-ready
    assert [(r["meeting"], r["status"]) for r in data["registrations"]] == [
        ("Completed meeting", "seated")
    ]
    assert [p["body"] for p in data["posts"]] == [
        "<p>Hello from my class.</p>",
        "<p>How?</p>",
    ]
    assert [t["title"] for t in data["threads_started"]] == ["My question"]
    assert [e["body"] for e in data["reflections"]] == ["<p>I learnt a lot.</p>"]
    assert [(c["meeting"], c["reason"]) for c in data["completions"]] == [
        ("Completed meeting", "rule")
    ]
    [answer] = data["survey_responses"]
    assert (answer["content"], answer["usefulness"], answer["comment"]) == (5, 5, "Very useful.")
    assert data["meetings_trained"] == []


def test_export_of_a_trainer_lists_the_meetings_they_train_and_materials_they_added(at_t0):
    organiser, trainer = make_staff("nss.es.p2"), make_trainer()
    meeting = create_meeting(organiser, title="Trained meeting", trainers=(trainer,))
    services.add_material(
        actor=trainer, meeting=meeting, title="Reading list", link="https://example.org/list"
    )

    data = core_services.export_user_data(actor=trainer, user=trainer)["meetings"]

    assert [m["meeting"] for m in data["meetings_trained"]] == ["Trained meeting"]
    assert [m["title"] for m in data["materials_added"]] == ["Reading list"]


def test_erasure_removes_the_private_journal_and_completions_and_unlinks_the_rest(
    at_t0, django_capture_on_commit_callbacks
):
    organiser, trainer, teacher = make_staff("nss.es.p3"), make_trainer(), teacher_in("ES")
    meeting = a_completed_meeting(at_t0, teacher, trainer, organiser)
    claims_before = SeatClaim.objects.filter(user=teacher).count()

    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=teacher, user=teacher)

    assert not ReflectionEntry.objects.filter(meeting=meeting).exists()
    assert not Completion.objects.filter(meeting=meeting).exists()
    [answer] = SurveyResponse.objects.filter(meeting=meeting)
    assert (answer.user_id, answer.comment, answer.content) == (None, "", 5)
    # Contributions stay in the discussions, by a former participant.
    assert Post.objects.filter(meeting=meeting, author__isnull=True).count() == 2
    assert Thread.objects.get(title="My question").started_by is None
    # The closed meeting's attendance stays, pointing at the anonymous account.
    assert SeatClaim.objects.filter(user=teacher).count() == claims_before


def test_erasure_frees_a_seat_for_the_first_in_line_who_is_told(
    at_t0, django_capture_on_commit_callbacks
):
    organiser = make_staff("nss.es.p4")
    meeting = create_meeting(organiser, title="Full meeting", capacity=1)
    reach(at_t0, meeting, State.REGISTRATION_OPEN)
    leaving, waiting = teacher_in("ES"), teacher_in("FR")
    services.register(actor=leaving, meeting=meeting)
    services.register(actor=waiting, meeting=meeting)

    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=leaving, user=leaving)

    assert not SeatClaim.objects.filter(user=leaving, status__in=SeatClaim.LIVE_STATUSES).exists()
    assert SeatClaim.objects.get(user=waiting).status == SeatClaim.Status.SEATED
    assert Notification.objects.filter(user=waiting, kind="meetings.promoted").exists()


def test_erasure_takes_a_trainer_off_their_meetings_and_keeps_what_they_made(
    at_t0, django_capture_on_commit_callbacks
):
    organiser, trainer = make_staff("nss.es.p5"), make_trainer()
    meeting = create_meeting(organiser, title="Trained meeting", trainers=(trainer,))
    services.add_activity(
        actor=trainer, meeting=meeting, title="Warm-up", instructions="<p>Introduce yourself.</p>"
    )
    services.add_material(
        actor=trainer, meeting=meeting, title="Reading list", link="https://example.org/list"
    )

    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=trainer, user=trainer)

    assert not meeting.trainers.exists()
    assert Activity.objects.get(meeting=meeting).created_by is None
    assert Material.objects.get(meeting=meeting).added_by is None


def test_erasure_is_safe_to_run_twice(at_t0):
    organiser, trainer, teacher = make_staff("nss.es.p6"), make_trainer(), teacher_in("ES")
    a_completed_meeting(at_t0, teacher, trainer, organiser)

    erase_meetings_data(teacher)
    erase_meetings_data(teacher)

    assert export_meetings_data(teacher)["reflections"] == []
    assert export_meetings_data(teacher)["posts"] == []

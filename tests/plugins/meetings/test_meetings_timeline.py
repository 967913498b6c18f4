"""The whole timeline of a meeting under frozen time: each rule one second before and one
second after each phase boundary, reached through the services a person would use.

The services bring a meeting to its due phase themselves, so each rule holds from the
second its phase ends, whether the scheduled task has run yet or not (both are tested).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.dates import format_day
from core.models import Language, SeatClaim
from plugins.meetings import services
from plugins.meetings.models import Completion, Meeting
from plugins.meetings.policy import Action, access_for
from tests.factories.meetings import teacher, trainer

pytestmark = pytest.mark.django_db

State = Meeting.State
SECOND = timedelta(seconds=1)


def at(moment, *, scheduler_ran: bool):
    """Freeze the clock at ``moment``; with ``scheduler_ran`` the task has just run."""
    travel = time_machine.travel(moment, tick=False)

    class Frozen:
        def __enter__(self):
            travel.__enter__()
            if scheduler_ran:
                services.advance_meetings()
            return self

        def __exit__(self, *exc):
            return travel.__exit__(*exc)

    return Frozen()


@pytest.fixture(params=[False, True], ids=["task-not-run", "task-ran"])
def scheduler_ran(request) -> bool:
    return request.param


@pytest.fixture
def draft_timeline():
    """A meeting announced now: registration opens in a day and closes a day before the
    active phase (in a week); five days of active phase, five of reflection."""
    runner = trainer()
    start = (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    meeting = services.create_meeting(
        actor=runner,
        title="Inquiry-based science",
        topic="Science",
        description="A week of inquiry.",
        language=Language.objects.get(code="en"),
        capacity=10,
        registration_opens_at=start - timedelta(days=6),
        registration_closes_at=start - timedelta(days=1),
        active_starts_at=start,
    )
    services.publish_meeting(actor=runner, meeting=meeting)
    return meeting, runner


@pytest.fixture
def timeline(draft_timeline):
    """The same meeting with two participants, registered early in the window."""
    meeting, runner = draft_timeline
    people = [teacher(), teacher()]
    with time_machine.travel(meeting.registration_opens_at + timedelta(hours=1), tick=False):
        for person in people:
            services.register(actor=person, meeting=meeting)
    meeting.refresh_from_db()
    return meeting, runner, people


def refused(call) -> str:
    with pytest.raises(PermissionDenied) as refusal:
        call()
    return str(refusal.value)


def test_registration_opens_at_its_time(draft_timeline, scheduler_ran):
    meeting, _runner = draft_timeline
    early, on_time = teacher(), teacher()
    with at(meeting.registration_opens_at - SECOND, scheduler_ran=scheduler_ran):
        assert refused(lambda: services.register(actor=early, meeting=meeting)) == (
            "Registration for this meeting is not open."
        )
    with at(meeting.registration_opens_at + SECOND, scheduler_ran=scheduler_ran):
        assert services.register(actor=on_time, meeting=meeting).status == "seated"
        assert meeting.state == State.REGISTRATION_OPEN


def test_registration_closes_at_its_time(timeline, scheduler_ran):
    meeting, _runner, _people = timeline
    last_minute, too_late = teacher(), teacher()
    with at(meeting.registration_closes_at - SECOND, scheduler_ran=scheduler_ran):
        assert services.register(actor=last_minute, meeting=meeting).status == "seated"
    with at(meeting.registration_closes_at + SECOND, scheduler_ran=scheduler_ran):
        assert refused(lambda: services.register(actor=too_late, meeting=meeting)) == (
            f"Registration for this meeting closed on {format_day(meeting.registration_closes_at)}."
        )


def test_discussions_open_with_the_active_phase(timeline, scheduler_ran):
    meeting, _runner, (person, _other) = timeline
    with at(meeting.active_starts_at - SECOND, scheduler_ran=scheduler_ran):
        message = refused(
            lambda: services.start_thread(actor=person, meeting=meeting, title="Hi", body="Hello")
        )
        opens = format_day(meeting.active_starts_at)
        assert message == f"Discussions open with the active phase on {opens}."
        assert meeting.state == State.REGISTRATION_OPEN
    with at(meeting.active_starts_at + SECOND, scheduler_ran=scheduler_ran):
        thread = services.start_thread(actor=person, meeting=meeting, title="Hi", body="Hello")
        assert thread.post_count == 1 and meeting.state == State.ACTIVE


def test_registration_is_closed_once_the_active_phase_began(timeline, scheduler_ran):
    meeting, _runner, _people = timeline
    with at(meeting.active_starts_at + SECOND, scheduler_ran=scheduler_ran):
        assert refused(lambda: services.register(actor=teacher(), meeting=meeting)) == (
            "Registration for this meeting is not open."
        )


def test_discussions_close_when_the_reflection_phase_begins(timeline, scheduler_ran):
    meeting, runner, (person, _other) = timeline
    with at(meeting.active_starts_at + SECOND, scheduler_ran=scheduler_ran):
        thread = services.start_thread(actor=person, meeting=meeting, title="Hi", body="Hello")
    with at(meeting.reflection_starts_at - SECOND, scheduler_ran=scheduler_ran):
        services.reply(actor=runner, thread=thread, body="Last answer")
        services.reply(actor=person, thread=thread, body="Thanks")
    end = format_day(meeting.reflection_starts_at)
    ended = f"Discussions are open during the active phase only: it ended on {end}."
    with at(meeting.reflection_starts_at + SECOND, scheduler_ran=scheduler_ran):
        assert refused(lambda: services.reply(actor=person, thread=thread, body="Late")) == ended
        assert refused(lambda: services.reply(actor=runner, thread=thread, body="Late")) == ended
        assert (
            refused(
                lambda: services.start_thread(
                    actor=person, meeting=meeting, title="New", body="Late"
                )
            )
            == ended
        )
    thread.refresh_from_db()
    assert thread.post_count == 3


def test_reflection_entries_only_in_the_reflection_phase(timeline, scheduler_ran):
    meeting, _runner, (person, _other) = timeline
    only = "Reflection entries can be written during the reflection phase only."
    with at(meeting.reflection_starts_at - SECOND, scheduler_ran=scheduler_ran):
        write = lambda: services.write_reflection(actor=person, meeting=meeting, body="Early")  # noqa: E731
        assert refused(write) == only
    with at(meeting.reflection_starts_at + SECOND, scheduler_ran=scheduler_ran):
        entry = services.write_reflection(actor=person, meeting=meeting, body="Thoughts")
    with at(meeting.closes_at - SECOND, scheduler_ran=scheduler_ran):
        services.edit_reflection(actor=person, entry=entry, body="More thoughts")
        services.write_reflection(actor=person, meeting=meeting, body="Last thoughts")
    with at(meeting.closes_at + SECOND, scheduler_ran=scheduler_ran):
        assert (
            refused(lambda: services.write_reflection(actor=person, meeting=meeting, body="Late"))
            == only
        )
        assert (
            refused(lambda: services.edit_reflection(actor=person, entry=entry, body="Late"))
            == only
        )
    entry.refresh_from_db()
    assert "More thoughts" in entry.body


def test_the_survey_opens_with_the_reflection_phase_and_stays_open_after_the_close(
    timeline, scheduler_ran
):
    meeting, _runner, (early, late) = timeline
    ratings = {"content": 4, "trainers": 5, "organisation": 4, "usefulness": 5}
    with at(meeting.reflection_starts_at - SECOND, scheduler_ran=scheduler_ran):
        assert (
            refused(lambda: services.answer_survey(actor=early, meeting=meeting, **ratings))
            == "The evaluation survey opens with the reflection phase."
        )
    with at(meeting.reflection_starts_at + SECOND, scheduler_ran=scheduler_ran):
        services.answer_survey(actor=early, meeting=meeting, **ratings)
    with at(meeting.closes_at + SECOND, scheduler_ran=scheduler_ran):
        services.answer_survey(actor=late, meeting=meeting, **ratings)
    assert meeting.survey_responses.count() == 2


def test_cancelling_is_possible_until_the_active_phase_ends(timeline, scheduler_ran):
    meeting, _runner, (leaving, staying) = timeline
    with at(meeting.reflection_starts_at - SECOND, scheduler_ran=scheduler_ran):
        services.cancel_registration(actor=leaving, meeting=meeting)
    with at(meeting.reflection_starts_at + SECOND, scheduler_ran=scheduler_ran):
        assert refused(lambda: services.cancel_registration(actor=staying, meeting=meeting)) == (
            "The active phase is over: registrations can no longer be cancelled."
        )
    live = SeatClaim.objects.filter(offer=meeting.seat_offer, status="seated")
    assert list(live.values_list("user_id", flat=True)) == [staying.pk]


def test_completions_are_final_from_the_close(timeline, scheduler_ran):
    meeting, runner, (person, _other) = timeline
    with at(meeting.active_starts_at + SECOND, scheduler_ran=scheduler_ran):
        services.mark_completed(actor=runner, meeting=meeting, user=person)
    with at(meeting.closes_at - SECOND, scheduler_ran=scheduler_ran):
        services.unmark_completed(actor=runner, meeting=meeting, user=person)
        services.mark_completed(actor=runner, meeting=meeting, user=person)
        assert Completion.objects.get().announced_at is None
    with at(meeting.closes_at + SECOND, scheduler_ran=scheduler_ran):
        with pytest.raises(ValidationError) as final:
            services.unmark_completed(actor=runner, meeting=meeting, user=person)
        assert list(final.value.messages) == ["Completions are final once the meeting has closed."]
        assert Completion.objects.get().announced_at is not None


def test_completion_is_marked_from_the_active_phase_on(timeline, scheduler_ran):
    meeting, runner, (person, _other) = timeline
    with at(meeting.active_starts_at - SECOND, scheduler_ran=scheduler_ran):
        assert (
            refused(lambda: services.mark_completed(actor=runner, meeting=meeting, user=person))
            == "Completion can be marked once the active phase has started."
        )
    with at(meeting.active_starts_at + SECOND, scheduler_ran=scheduler_ran):
        assert services.mark_completed(actor=runner, meeting=meeting, user=person)


@pytest.mark.parametrize(
    "boundary",
    [
        "registration_opens_at",
        "registration_closes_at",
        "active_starts_at",
        "reflection_starts_at",
        "closes_at",
    ],
)
def test_materials_are_readable_by_participants_before_during_and_after(timeline, boundary):
    meeting, _runner, (person, _other) = timeline
    for moment in (getattr(meeting, boundary) - SECOND, getattr(meeting, boundary) + SECOND):
        with at(moment, scheduler_ran=True):
            meeting.refresh_from_db()
            assert access_for(person, meeting).can(Action.READ_MATERIALS), moment
            assert access_for(teacher(), meeting).refusal(Action.READ_MATERIALS) == (
                "The materials are for the meeting's participants and trainers."
            )


def test_the_stored_phase_follows_the_dates_second_by_second(draft_timeline):
    meeting, _runner = draft_timeline
    expected = [
        ("registration_opens_at", State.DRAFT, State.REGISTRATION_OPEN),
        ("active_starts_at", State.REGISTRATION_OPEN, State.ACTIVE),
        ("reflection_starts_at", State.ACTIVE, State.REFLECTION),
        ("closes_at", State.REFLECTION, State.CLOSED),
    ]
    for boundary, before, after in expected:
        moment = getattr(meeting, boundary)
        with at(moment - SECOND, scheduler_ran=True):
            meeting.refresh_from_db()
            assert meeting.state == before, boundary
        with at(moment + SECOND, scheduler_ran=True):
            meeting.refresh_from_db()
            assert meeting.state == after, boundary

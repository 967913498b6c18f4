"""A meeting's lifecycle and registration through the services (DOMAIN.md §5): creation
with its defaults, announcement, phases switched by hand, edits, and seats through
core's seats service with the waiting list and its promotions, each notified."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core import seats
from core.models import AuditEntry, Country, Language, Notification, SeatClaim
from plugins.meetings import services
from plugins.meetings.models import Meeting
from tests.factories.meetings import (
    css,
    meeting_times,
    new_meeting,
    nss,
    teacher,
    trainer,
    unvalidated_teacher,
)

pytestmark = pytest.mark.django_db

State = Meeting.State


def messages_of(error) -> list[str]:
    return list(error.value.messages)


def open_for_registration(*, capacity: int = 20, **fields) -> tuple[Meeting, object]:
    """A meeting whose trainer opened its registration by hand."""
    runner = trainer()
    meeting = new_meeting(actor=runner, capacity=capacity, **fields)
    services.switch_phase(actor=runner, meeting=meeting, to=State.REGISTRATION_OPEN)
    return meeting, runner


def notifications_of(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind))


# --- creation ------------------------------------------------------------------------


def test_trainer_creates_a_draft_with_default_phases_a_seat_offer_and_themself_as_trainer():
    runner = trainer()
    start = timezone.now() + timedelta(days=7)
    meeting = services.create_meeting(
        actor=runner,
        title="  Coding in class ",
        topic="Programming",
        description="Five days, then reflection.",
        language=Language.objects.get(code="en"),
        capacity=12,
        registration_opens_at=start - timedelta(days=6),
        active_starts_at=start,
    )
    assert meeting.state == State.DRAFT and meeting.published_at is None
    assert meeting.title == "Coding in class"
    assert meeting.registration_closes_at == start
    assert meeting.reflection_starts_at == start + timedelta(days=5)
    assert meeting.closes_at == start + timedelta(days=10)
    assert list(meeting.trainers.all()) == [runner]
    assert meeting.seat_offer.key == meeting.seat_key and meeting.seat_offer.capacity == 12
    assert AuditEntry.objects.filter(
        action=services.MEETING_CREATED, target_id=str(meeting.pk)
    ).exists()


def test_teacher_cannot_create_a_meeting():
    with pytest.raises(PermissionDenied) as refused:
        new_meeting(actor=teacher())
    assert str(refused.value) == (
        "Only trainers and the staff of the National and Central Support Services can create "
        "teaching meetings."
    )
    assert not Meeting.objects.exists()


def test_dates_out_of_order_are_refused_and_nothing_is_saved():
    times = meeting_times()
    with pytest.raises(ValidationError) as refused:
        new_meeting(
            actor=trainer(),
            registration_opens_at=times["active_starts_at"] + timedelta(days=1),
        )
    assert messages_of(refused) == [
        "The dates must follow each other: registration opens, registration closes, the "
        "active phase starts, the reflection phase starts, the meeting closes."
    ]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("capacity", [0, -3, "ten", 10_001, True])
def test_a_meeting_needs_a_sensible_number_of_seats(capacity):
    with pytest.raises(ValidationError) as refused:
        new_meeting(actor=trainer(), capacity=capacity)
    assert messages_of(refused) == ["The number of seats must be a whole number from 1 to 10000."]


def test_a_meeting_needs_a_title():
    with pytest.raises(ValidationError) as refused:
        new_meeting(actor=trainer(), title="   ")
    assert messages_of(refused) == ["Please give the meeting a title."]


def test_nss_staff_organise_meetings_for_their_own_country_only():
    spanish = nss("ES")
    assert new_meeting(actor=spanish).country.code == "ES"
    with pytest.raises(ValidationError) as refused:
        new_meeting(actor=spanish, country=Country.objects.get(code="FR"))
    assert messages_of(refused) == ["You can organise meetings for the countries you serve only."]
    assert new_meeting(actor=css(), country=None).country is None


def test_only_people_with_the_trainer_role_can_be_trainers():
    not_a_trainer = teacher(first_name="Ana", last_name="López")
    with pytest.raises(ValidationError) as refused:
        new_meeting(actor=nss("ES"), trainers=[not_a_trainer])
    assert messages_of(refused) == [
        "Ana López is not a trainer: only people with the trainer role run meetings."
    ]


# --- announcement and phases by hand ------------------------------------------------------


def test_publishing_announces_a_draft_once():
    runner = trainer()
    meeting = new_meeting(actor=runner)
    services.publish_meeting(actor=runner, meeting=meeting)
    assert meeting.published_at is not None and meeting.state == State.DRAFT
    with pytest.raises(ValidationError) as refused:
        services.publish_meeting(actor=runner, meeting=meeting)
    assert messages_of(refused) == ["This meeting is already announced."]


def test_a_meeting_announced_after_its_registration_opened_is_open_at_once():
    runner = trainer()
    meeting = new_meeting(actor=runner, registration_opens_at=timezone.now() - timedelta(hours=1))
    services.publish_meeting(actor=runner, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.state == State.REGISTRATION_OPEN


def test_teacher_cannot_publish_or_switch_a_meeting():
    meeting = new_meeting(actor=trainer())
    services.publish_meeting(actor=meeting.trainers.get(), meeting=meeting)
    for call in (
        lambda: services.publish_meeting(actor=teacher(), meeting=meeting),
        lambda: services.switch_phase(actor=teacher(), meeting=meeting, to=State.REGISTRATION_OPEN),
    ):
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert str(refused.value) == "Only the meeting's trainers and organisers can do this."


def test_phases_move_forward_one_at_a_time():
    meeting, runner = open_for_registration()
    with pytest.raises(ValidationError) as skipped:
        services.switch_phase(actor=runner, meeting=meeting, to=State.REFLECTION)
    assert messages_of(skipped) == [
        "A meeting moves forward one phase at a time: from “Registration open” it can only "
        "move to “Active phase”."
    ]
    with pytest.raises(ValidationError) as backwards:
        services.switch_phase(actor=runner, meeting=meeting, to=State.DRAFT)
    assert "can only move to “Active phase”" in messages_of(backwards)[0]
    meeting.refresh_from_db()
    assert meeting.state == State.REGISTRATION_OPEN


def test_switching_by_hand_starts_the_phase_now_and_keeps_the_dates_in_order():
    meeting, runner = open_for_registration()
    with time_machine.travel(timezone.now(), tick=False):
        now = timezone.now()
        services.switch_phase(actor=runner, meeting=meeting, to=State.ACTIVE)
        meeting.refresh_from_db()
        assert meeting.state == State.ACTIVE and meeting.state_changed_at == now
        assert meeting.active_starts_at == now
        assert meeting.registration_closes_at <= now
        assert meeting.registration_opens_at < meeting.registration_closes_at
        # Its dates now say the same as its stored phase: the task leaves it alone.
        assert meeting.state_due(now) == State.ACTIVE
        assert services.advance_meetings(now=now) == 0
        services.switch_phase(actor=runner, meeting=meeting, to=State.REFLECTION)
        meeting.refresh_from_db()
        assert meeting.reflection_starts_at == now
        assert meeting.active_starts_at < meeting.reflection_starts_at
    entry = AuditEntry.objects.filter(action=services.PHASE_SWITCHED).latest("pk")
    assert entry.actor == runner and entry.data["to"] == State.REFLECTION


def test_a_closed_meeting_has_no_next_phase():
    meeting, runner = open_for_registration()
    for phase in (State.ACTIVE, State.REFLECTION, State.CLOSED):
        services.switch_phase(actor=runner, meeting=meeting, to=phase)
    with pytest.raises(ValidationError) as refused:
        services.switch_phase(actor=runner, meeting=meeting, to=State.CLOSED)
    assert messages_of(refused) == ["This meeting is closed: its phases are over."]


# --- edits ------------------------------------------------------------------------------


def test_trainer_edits_a_meeting_and_the_change_is_audited():
    meeting, runner = open_for_registration()
    services.update_meeting(actor=runner, meeting=meeting, title="New title", capacity=30)
    meeting.refresh_from_db()
    assert meeting.title == "New title" and meeting.seat_offer.capacity == 30
    entry = AuditEntry.objects.get(action=services.MEETING_UPDATED)
    assert entry.data["fields"] == ["capacity", "title"]


def test_a_date_of_a_phase_already_reached_cannot_move():
    meeting, runner = open_for_registration()
    with pytest.raises(ValidationError) as refused:
        services.update_meeting(
            actor=runner,
            meeting=meeting,
            registration_opens_at=meeting.registration_opens_at + timedelta(hours=2),
        )
    assert messages_of(refused) == ["This date has passed with its phase: it can no longer change."]


def test_a_participant_cannot_edit_the_meeting():
    meeting, _runner = open_for_registration()
    person = teacher()
    services.register(actor=person, meeting=meeting)
    with pytest.raises(PermissionDenied) as refused:
        services.update_meeting(actor=person, meeting=meeting, title="Mine now")
    assert str(refused.value) == "Only the meeting's trainers and organisers can do this."


def test_more_seats_seat_the_first_in_line_and_tell_them():
    meeting, runner = open_for_registration(capacity=1)
    first, second, third = teacher(), teacher(), teacher()
    for person in (first, second, third):
        services.register(actor=person, meeting=meeting)
    services.update_meeting(actor=runner, meeting=meeting, capacity=2)
    assert seats.claim_of(meeting.seat_offer, second).status == SeatClaim.Status.SEATED
    assert seats.claim_of(meeting.seat_offer, third).status == SeatClaim.Status.WAITING
    (promoted,) = notifications_of(second, "meetings.promoted")
    assert promoted.title == f"A seat is free for you in the meeting “{meeting.title}”"
    assert notifications_of(third, "meetings.promoted") == []


def test_fewer_seats_than_people_seated_are_refused():
    meeting, runner = open_for_registration(capacity=2)
    services.register(actor=teacher(), meeting=meeting)
    services.register(actor=teacher(), meeting=meeting)
    with pytest.raises(ValidationError) as refused:
        services.update_meeting(actor=runner, meeting=meeting, capacity=1)
    assert messages_of(refused) == ["2 seats are already taken: there cannot be fewer seats."]
    meeting.refresh_from_db()
    assert meeting.capacity == 2


# --- registration -----------------------------------------------------------------------


def test_validated_teacher_registers_and_is_told_with_the_active_phase_in_their_calendar():
    meeting, _runner = open_for_registration()
    person = teacher()
    claim = services.register(actor=person, meeting=meeting)
    assert claim.status == SeatClaim.Status.SEATED
    (confirmation,) = notifications_of(person, "meetings.registered")
    assert confirmation.title == f"You are registered for the meeting “{meeting.title}”"
    assert confirmation.calendar_uid == f"meetings.meeting-{meeting.pk}.active"
    assert confirmation.url == meeting.get_absolute_url()


def test_unvalidated_teacher_cannot_register_and_sees_why():
    meeting, _runner = open_for_registration()
    person = unvalidated_teacher()
    with pytest.raises(PermissionDenied) as refused:
        services.register(actor=person, meeting=meeting)
    assert str(refused.value) == "Only validated teachers can register for teaching meetings."
    assert seats.claim_of(meeting.seat_offer, person) is None


def test_registering_twice_is_refused():
    meeting, _runner = open_for_registration()
    person = teacher()
    services.register(actor=person, meeting=meeting)
    with pytest.raises(PermissionDenied) as refused:
        services.register(actor=person, meeting=meeting)
    assert str(refused.value) == "You are already registered."


def test_trainers_do_not_register_for_their_meeting():
    meeting, runner = open_for_registration()
    with pytest.raises(PermissionDenied) as refused:
        services.register(actor=runner, meeting=meeting)
    assert str(refused.value) == "Trainers run the meeting: they do not register for it."


def test_a_full_meeting_puts_teachers_on_the_waiting_list_first_come_first_served():
    meeting, _runner = open_for_registration(capacity=2)
    people = [teacher() for _ in range(5)]
    claims = [services.register(actor=person, meeting=meeting) for person in people]
    assert [claim.status for claim in claims] == [
        "seated",
        "seated",
        "waiting",
        "waiting",
        "waiting",
    ]
    assert seats.seated_count(meeting.seat_offer) == 2
    (told,) = notifications_of(people[3], "meetings.waiting")
    assert "you are number 2 on its waiting list" in told.body


def test_cancelling_gives_the_seat_to_the_first_in_line_and_tells_them():
    meeting, _runner = open_for_registration(capacity=1)
    seated, first_in_line, second_in_line = teacher(), teacher(), teacher()
    for person in (seated, first_in_line, second_in_line):
        services.register(actor=person, meeting=meeting)
    services.cancel_registration(actor=seated, meeting=meeting)
    assert seats.claim_of(meeting.seat_offer, seated) is None
    assert seats.claim_of(meeting.seat_offer, first_in_line).status == "seated"
    assert seats.claim_of(meeting.seat_offer, second_in_line).status == "waiting"
    assert len(notifications_of(first_in_line, "meetings.promoted")) == 1
    assert len(notifications_of(seated, "meetings.cancelled")) == 1
    entry = AuditEntry.objects.get(action=services.REGISTRATION_CANCELLED)
    assert entry.data["promoted"] == [first_in_line.pk]


def test_someone_not_registered_cannot_cancel():
    meeting, _runner = open_for_registration()
    with pytest.raises(PermissionDenied) as refused:
        services.cancel_registration(actor=teacher(), meeting=meeting)
    assert str(refused.value) == "You are not registered for this meeting."


def test_a_meeting_without_its_seat_offer_gets_one_at_the_first_registration():
    meeting, _runner = open_for_registration()
    offer = meeting.seat_offer
    Meeting.objects.filter(pk=meeting.pk).update(seat_offer=None)
    offer.delete()
    meeting.refresh_from_db()
    claim = services.register(actor=teacher(), meeting=meeting)
    meeting.refresh_from_db()
    assert claim.offer_id == meeting.seat_offer_id and meeting.seat_offer.key == meeting.seat_key


def test_a_meetings_description_is_stored_sanitised_and_keeps_its_paragraphs(client):
    organiser = css()
    meeting = new_meeting(
        actor=organiser,
        description='First paragraph.\n\nSecond <b onclick="x()">one</b>.<script>bad()</script>',
    )
    assert "<script>" not in meeting.description and "onclick" not in meeting.description
    assert "<b>one</b>" in meeting.description
    plain = new_meeting(actor=organiser, description="Day one.\n\nDay two & three.")
    assert plain.description == "<p>Day one.</p>\n\n<p>Day two &amp; three.</p>"
    services.publish_meeting(actor=organiser, meeting=plain)
    # Clients of the API get the words, not the markup.
    response = client.get(f"/api/v1/meetings/{plain.pk}")
    assert response.json()["description"] == "Day one.\n\nDay two & three."


def test_a_description_of_empty_markup_is_refused():
    with pytest.raises(ValidationError) as refused:
        new_meeting(actor=css(), description="<p> </p><script>x</script>")
    assert refused.value.message_dict["description"] == ["Please describe the meeting."]

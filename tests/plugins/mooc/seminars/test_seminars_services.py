"""The seminars' services: announcing, the waiting list and its promotions, never more
registrants than seats, cancelling, and the scheduled work done once each however often
the tasks run (reminders, registration opening, attendance)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from core import seats
from core.models import AuditEntry, Notification
from core.plugins import hookimpl
from plugins.mooc.models import Seminar, SeminarAttendance
from plugins.mooc.seminars import notifications, queries, services, tasks
from tests.factories.mooc_seminars import announced_seminar, css, new_seminar, nss, teacher
from tests.support.mooc_seminars import END, LINK_FROM, OPENS, SECOND, START, T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return nss("ES")


@pytest.fixture
def at_t0(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def open_seminar(organiser, time_machine, **fields) -> Seminar:
    """An announced seminar whose registration has just opened."""
    seminar = announced_seminar(actor=organiser, starts_at=START, **fields)
    time_machine.move_to(OPENS + SECOND, tick=False)
    return seminar


def kinds_of(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user).order_by("pk").values_list("kind", flat=True)
    )


# --- announcing -----------------------------------------------------------------------


def test_a_seminar_is_created_as_a_draft_with_its_speakers_and_its_seats(organiser, at_t0):
    seminar = new_seminar(
        actor=organiser,
        starts_at=START,
        duration_minutes=90,
        capacity=30,
        description="<p>Hello <script>alert(1)</script></p>",
        speakers=[{"name": "Ada", "affiliation": "Uni"}, {"name": "Bob"}],
    )
    assert seminar.published_at is None and seminar.phase() == Seminar.Phase.DRAFT
    assert seminar.ends_at == START + timedelta(minutes=90)
    assert seminar.seat_offer.key == f"mooc.seminar-{seminar.pk}"
    assert seminar.seat_offer.capacity == 30
    assert [speaker.name for speaker in seminar.speakers.all()] == ["Ada", "Bob"]
    assert "<script>" not in seminar.description
    assert AuditEntry.objects.filter(action=services.SEMINAR_CREATED).count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "Please give the seminar a title."),
        ({"description": "<p> </p>"}, "description", "Please describe the seminar."),
        ({"language": None}, "language", "Please choose the seminar's language."),
        ({"starts_at": "tomorrow"}, "starts_at", "Please give a date and a time."),
        (
            {"duration_minutes": 5},
            "duration_minutes",
            "The duration must be a whole number of minutes from 15 to 480.",
        ),
        (
            {"capacity": 0},
            "capacity",
            "The number of seats must be a whole number from 1 to 100000.",
        ),
        (
            {"live_link": "javascript:alert(1)"},
            "live_link",
            "Please give a web address starting with http:// or https://.",
        ),
        ({"speakers": []}, "speakers", "Please name at least one speaker."),
        ({"speakers": [{"name": ""}]}, "speakers", "Please give each speaker's name."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(organiser, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        new_seminar(actor=organiser, **fields)
    assert refused.value.message_dict == {field: [message]}
    assert not Seminar.objects.exists()


def test_nss_staff_organise_for_their_own_country_only(organiser):
    from core.models import Country

    with pytest.raises(ValidationError) as refused:
        new_seminar(actor=organiser, country=Country.objects.get(code="FR"))
    assert refused.value.message_dict == {
        "country": ["You can organise seminars for the countries you serve only."]
    }
    assert new_seminar(actor=css(), country=None).country is None


def test_a_past_seminar_may_be_added_and_its_registration_never_opens(organiser, at_t0):
    seminar = announced_seminar(actor=organiser, starts_at=T0 - timedelta(days=3))
    assert seminar.phase() == Seminar.Phase.ENDED
    with pytest.raises(
        PermissionDenied, match=re.escape("Registration closed when the seminar started.")
    ):
        services.register(actor=teacher(), seminar=seminar)
    assert services.open_due_registrations() == 0


def test_publishing_twice_is_refused(organiser):
    seminar = announced_seminar(actor=organiser)
    with pytest.raises(ValidationError, match=re.escape("This seminar is already announced.")):
        services.publish_seminar(actor=organiser, seminar=seminar)


def test_the_time_is_fixed_once_the_seminar_has_started(organiser, at_t0):
    seminar = announced_seminar(actor=organiser, starts_at=START)
    moved = services.update_seminar(
        actor=organiser, seminar=seminar, starts_at=START + timedelta(hours=1), duration_minutes=30
    )
    assert moved.ends_at == START + timedelta(hours=1, minutes=30)
    at_t0.move_to(START + timedelta(hours=1), tick=False)
    with pytest.raises(ValidationError) as refused:
        services.update_seminar(actor=organiser, seminar=seminar, duration_minutes=90)
    assert refused.value.message_dict == {
        "duration_minutes": ["The seminar has started: its time can no longer change."]
    }
    # Other fields still change (a typo in the title).
    services.update_seminar(actor=organiser, seminar=seminar, title="Coding, revisited")
    seminar.refresh_from_db()
    assert (seminar.title, seminar.duration_minutes) == ("Coding, revisited", 30)


# --- registration ----------------------------------------------------------------------


def test_a_full_seminar_puts_people_on_a_waiting_list_and_promotes_the_first_in_line(
    organiser, at_t0
):
    seminar = open_seminar(organiser, at_t0, capacity=2)
    first, second, third, fourth = teacher(), teacher(), teacher(), teacher()
    for person in (first, second, third, fourth):
        services.register(actor=person, seminar=seminar)
    offer = seminar.seat_offer
    offer.refresh_from_db()
    assert (seats.seated_count(offer), seats.waiting_count(offer)) == (2, 2)
    assert kinds_of(third) == [notifications.WAITING]
    assert Notification.objects.get(user=fourth).body.startswith(
        "All seats of the online seminar “Coding in the primary classroom” are taken: you are "
        "number 2 on its waiting list."
    )

    services.cancel_registration(actor=first, seminar=seminar)
    assert set(queries.registrants(seminar)) == {second, third}
    assert kinds_of(third) == [notifications.WAITING, notifications.PROMOTED]
    assert list(queries.waiting_list(seminar)) == [fourth]

    # More seats promote the next in line, notified too.
    services.update_seminar(actor=organiser, seminar=seminar, capacity=3)
    assert set(queries.registrants(seminar)) == {second, third, fourth}
    assert kinds_of(fourth)[-1] == notifications.PROMOTED


def test_there_are_never_more_registrants_than_seats(organiser, at_t0):
    seminar = open_seminar(organiser, at_t0, capacity=3)
    people = [teacher() for _ in range(6)]
    for person in people:
        services.register(actor=person, seminar=seminar)
    assert queries.registrants(seminar).count() == 3
    with pytest.raises(ValidationError) as refused:
        services.update_seminar(actor=organiser, seminar=seminar, capacity=2)
    assert refused.value.message_dict == {
        "capacity": ["3 seats are already taken: there cannot be fewer seats."]
    }
    seminar.refresh_from_db()
    assert seminar.capacity == 3 and queries.registrants(seminar).count() == 3


def test_registering_twice_is_refused(organiser, at_t0):
    seminar = open_seminar(organiser, at_t0)
    person = teacher()
    services.register(actor=person, seminar=seminar)
    with pytest.raises(PermissionDenied, match=re.escape("You are already registered.")):
        services.register(actor=person, seminar=seminar)


def test_a_registration_is_confirmed_with_the_seminar_s_calendar_item(
    organiser, at_t0, django_capture_on_commit_callbacks
):
    seminar = open_seminar(organiser, at_t0)
    person = teacher()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(actor=person, seminar=seminar)
    notification = Notification.objects.get(user=person)
    assert notification.kind == notifications.REGISTERED
    assert (
        notification.title == "You are registered for the seminar “Coding in the primary classroom”"
    )
    assert notification.calendar_uid == f"mooc.seminar-{seminar.pk}"
    [message] = mail.outbox
    [part] = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    [event] = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
    assert str(event["UID"]).startswith(f"mooc.seminar-{seminar.pk}@")


def test_cancelling_the_seminar_tells_registrants_and_the_waiting_list_why(organiser, at_t0):
    seminar = open_seminar(organiser, at_t0, capacity=1)
    seated, waiting, other = teacher(), teacher(), teacher()
    services.register(actor=seated, seminar=seminar)
    services.register(actor=waiting, seminar=seminar)
    with pytest.raises(ValidationError) as refused:
        services.cancel_seminar(actor=organiser, seminar=seminar, reason=" ")
    assert refused.value.message_dict == {
        "reason": ["Please say why the seminar is cancelled: registrants read it."]
    }
    services.cancel_seminar(actor=organiser, seminar=seminar, reason="The speaker is ill.")
    for person in (seated, waiting):
        notification = Notification.objects.filter(user=person).latest("pk")
        assert notification.kind == notifications.CANCELLED
        assert notification.body.endswith("Their reason: The speaker is ill.")
    assert not Notification.objects.filter(user=other).exists()
    with pytest.raises(PermissionDenied, match=re.escape("This seminar was cancelled.")):
        services.cancel_seminar(actor=organiser, seminar=seminar, reason="Again")


def test_an_ended_seminar_cannot_be_cancelled(organiser, at_t0):
    seminar = announced_seminar(actor=organiser, starts_at=START)
    at_t0.move_to(END, tick=False)
    with pytest.raises(ValidationError, match="This seminar has ended"):
        services.cancel_seminar(actor=organiser, seminar=seminar, reason="Too late")


# --- the scheduled work ----------------------------------------------------------------


def test_those_who_asked_are_told_once_when_registration_opens(organiser, at_t0):
    seminar = announced_seminar(actor=organiser, starts_at=START)
    asked, did_not = teacher(), teacher()
    services.ask_reminder(actor=asked, seminar=seminar)
    at_t0.move_to(OPENS - SECOND, tick=False)
    assert tasks.open_registrations() == 0
    at_t0.move_to(OPENS, tick=False)
    assert tasks.open_registrations() == 1
    assert tasks.open_registrations() == 0
    assert kinds_of(asked) == [notifications.REGISTRATION_OPEN]
    assert kinds_of(did_not) == []
    assert seminar.interests.get().notified_at == OPENS


def test_reminders_go_the_day_before_and_an_hour_before_each_once(
    organiser, at_t0, django_capture_on_commit_callbacks
):
    seminar = open_seminar(organiser, at_t0)
    person = teacher()
    services.register(actor=person, seminar=seminar)
    day, hour = START - timedelta(days=1), START - timedelta(hours=1)
    at_t0.move_to(day - SECOND, tick=False)
    assert tasks.send_reminders() == 0
    at_t0.move_to(day, tick=False)
    assert tasks.send_reminders() == 1
    assert tasks.send_reminders() == 0
    at_t0.move_to(hour - SECOND, tick=False)
    assert tasks.send_reminders() == 0
    at_t0.move_to(hour, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == 1
        assert tasks.send_reminders() == 0
    reminders = Notification.objects.filter(user=person, kind=notifications.REMINDER).order_by("pk")
    assert [notification.title for notification in reminders] == [
        "Tomorrow: the seminar “Coding in the primary classroom”",
        "In an hour: the seminar “Coding in the primary classroom”",
    ]
    assert {notification.calendar_uid for notification in reminders} == {
        f"mooc.seminar-{seminar.pk}"
    }
    at_t0.move_to(START + SECOND, tick=False)
    assert tasks.send_reminders() == 0


def test_a_task_that_catches_up_inside_the_last_hour_sends_only_the_hour_reminder(organiser, at_t0):
    seminar = open_seminar(organiser, at_t0)
    person = teacher()
    services.register(actor=person, seminar=seminar)
    at_t0.move_to(START - timedelta(minutes=30), tick=False)
    assert tasks.send_reminders() == 1
    assert tasks.send_reminders() == 0
    [reminder] = Notification.objects.filter(user=person, kind=notifications.REMINDER)
    assert reminder.title.startswith("In an hour")


class AttendanceListener:
    def __init__(self) -> None:
        self.events = []

    @hookimpl
    def on_seminar_attended(self, event) -> None:
        self.events.append(event)


def test_seminar_attended_goes_out_once_per_attendee_after_the_end(
    organiser, at_t0, register_plugin, django_capture_on_commit_callbacks
):
    listener = register_plugin(AttendanceListener(), "attendance-listener")
    seminar = open_seminar(organiser, at_t0)
    joined, also_joined, absent = teacher(), teacher(), teacher()
    for person in (joined, also_joined, absent):
        services.register(actor=person, seminar=seminar)
    at_t0.move_to(LINK_FROM, tick=False)
    services.join(actor=joined, seminar=seminar)
    services.join(actor=joined, seminar=seminar)
    at_t0.move_to(START + timedelta(minutes=10), tick=False)
    services.join(actor=also_joined, seminar=seminar)
    with django_capture_on_commit_callbacks(execute=True):
        at_t0.move_to(END - SECOND, tick=False)
        assert tasks.close_attendance() == 0
        at_t0.move_to(END, tick=False)
        assert tasks.close_attendance() == 2
        assert tasks.close_attendance() == 0
    assert sorted(event.user_id for event in listener.events) == sorted([joined.pk, also_joined.pk])
    assert {(event.seminar_id, event.title) for event in listener.events} == {
        (seminar.pk, seminar.title)
    }
    assert not SeminarAttendance.objects.filter(announced_at__isnull=True).exists()
    seminar.refresh_from_db()
    assert seminar.attendance_closed_at == END

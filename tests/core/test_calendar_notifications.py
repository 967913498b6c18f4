"""A notification about a calendar item carries the item's .ics, by e-mail and on its page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from core import calendar, services
from core.contrib import CalendarEvent
from core.plugins import hookimpl
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


class Seminars:
    """An inline plugin: its registrants have one seminar, as long as they are registered."""

    def __init__(self, *registrants) -> None:
        self.registrants = {registrant.pk for registrant in registrants}

    @hookimpl
    def register_calendar_events(self, user):
        if user.pk not in self.registrants:
            return []
        return [
            CalendarEvent(
                uid="seminars-seminar-7",
                title="Robots in the classroom",
                starts_at=datetime(2027, 1, 12, 16, 0, tzinfo=UTC),
                ends_at=datetime(2027, 1, 12, 17, 0, tzinfo=UTC),
                url="/seminars/7/",
            )
        ]


def notify(user, **extra):
    return services.notify(
        user, kind="project.invitation", title="Your seat is confirmed", url="/seminars/7/", **extra
    )


def calendar_attachments(message):
    return [part for part in message.message().walk() if part.get_content_type() == "text/calendar"]


def test_the_email_of_a_notification_about_an_item_carries_its_ics(
    register_plugin, django_capture_on_commit_callbacks
):
    teacher = TeacherFactory()
    register_plugin(Seminars(teacher), "seminars-test")
    with django_capture_on_commit_callbacks(execute=True):
        notify(teacher, calendar_uid="seminars-seminar-7")
    [message] = mail.outbox
    assert message.to == [teacher.email]
    assert "/seminars/7/" in message.body
    [part] = calendar_attachments(message)
    assert part.get_param("method") == "PUBLISH"
    assert part.get_filename() == "seminars-seminar-7.ics"
    [event] = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
    assert str(event["UID"]).startswith("seminars-seminar-7@")
    assert str(event["SUMMARY"]) == "Robots in the classroom"
    assert event.decoded("DTSTART") == datetime(2027, 1, 12, 16, 0, tzinfo=UTC)


def test_the_email_of_a_notification_about_nothing_dated_has_no_ics(
    register_plugin, django_capture_on_commit_callbacks
):
    teacher = TeacherFactory()
    register_plugin(Seminars(teacher), "seminars-test")
    with django_capture_on_commit_callbacks(execute=True):
        notify(teacher)
    [message] = mail.outbox
    assert calendar_attachments(message) == []
    assert message.alternatives[0].mimetype == "text/html"


def test_no_ics_when_the_item_left_the_readers_calendar_before_the_email_went(
    register_plugin, django_capture_on_commit_callbacks
):
    teacher = TeacherFactory()
    # Not (or no longer) registered: the item is not in the teacher's calendar.
    register_plugin(Seminars(), "seminars-test")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(teacher, calendar_uid="seminars-seminar-7")
    notification.refresh_from_db()
    assert notification.email_status == notification.EmailStatus.SENT
    [message] = mail.outbox
    assert calendar_attachments(message) == []


def test_the_notifications_page_offers_the_items_ics(client, register_plugin):
    teacher = TeacherFactory()
    register_plugin(Seminars(teacher), "seminars-test")
    notify(teacher, calendar_uid="seminars-seminar-7")
    client.force_login(teacher)
    page = client.get(reverse("core:notifications")).content.decode()
    assert "Add to calendar" in page
    assert f'href="{calendar.event_ics_url("seminars-seminar-7")}"' in page
    response = client.get(calendar.event_ics_url("seminars-seminar-7"))
    assert response.status_code == 200


def test_a_notification_about_nothing_dated_offers_no_ics(client):
    teacher = TeacherFactory()
    notify(teacher)
    client.force_login(teacher)
    page = client.get(reverse("core:notifications")).content.decode()
    assert "Your seat is confirmed" in page
    assert "Add to calendar" not in page

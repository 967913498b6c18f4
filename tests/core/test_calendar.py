"""Plugins put dated items in each person's calendar, collected soonest first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core.calendar import calendar_events
from core.contrib import CalendarEvent
from core.plugins import hookimpl
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def session(uid: str, days: int) -> CalendarEvent:
    start = NOW + timedelta(days=days)
    return CalendarEvent(
        uid=uid, title=uid, starts_at=start, ends_at=start + timedelta(hours=1), url=f"/{uid}/"
    )


class Meetings:
    def __init__(self, participant) -> None:
        self.participant = participant

    @hookimpl
    def register_calendar_events(self, user):
        if user.pk != self.participant.pk:
            return []
        return [session("meetings-2", days=9), session("meetings-1", days=2)]


class Seminars:
    @hookimpl
    def register_calendar_events(self, user):
        return [session("seminars-1", days=5)]


def test_a_persons_calendar_holds_every_plugins_items_soonest_first(register_plugin):
    teacher = TeacherFactory()
    register_plugin(Meetings(teacher), "meetings-test")
    register_plugin(Seminars(), "seminars-test")
    uids = [event.uid for event in calendar_events(teacher)]
    assert uids == ["meetings-1", "seminars-1", "meetings-2"]


def test_a_plugin_adds_nothing_to_the_calendar_of_people_it_does_not_concern(register_plugin):
    teacher, other = TeacherFactory(), TeacherFactory()
    register_plugin(Meetings(teacher), "meetings-test")
    assert calendar_events(other) == []


def test_a_calendar_event_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="ends before it starts"):
        CalendarEvent(
            uid="x", title="x", starts_at=NOW, ends_at=NOW - timedelta(minutes=1), url="/"
        )

"""What the meetings plugin tells people: its notification kinds, who hears about each
phase, messages written in each reader's language, and the phases in their calendars."""

from __future__ import annotations

import pytest
from django.utils import translation

from core.calendar import event_for, ics_bytes
from core.dates import format_day
from core.models import Notification
from core.notification_kinds import notification_kinds
from plugins.meetings import services
from plugins.meetings.hooks import register_calendar_events
from plugins.meetings.models import Meeting
from tests.factories.meetings import new_meeting, teacher, trainer

pytestmark = pytest.mark.django_db

State = Meeting.State


def opened_meeting(capacity: int = 5):
    runner = trainer()
    meeting = new_meeting(actor=runner, capacity=capacity)
    services.switch_phase(actor=runner, meeting=meeting, to=State.REGISTRATION_OPEN)
    return meeting, runner


def test_the_plugin_declares_its_notification_kinds():
    kinds = notification_kinds()
    for key in (
        "meetings.registered",
        "meetings.waiting",
        "meetings.promoted",
        "meetings.phase_opened",
        "meetings.completed",
        "meetings.cancelled",
    ):
        assert key in kinds and str(kinds[key].label)
    assert kinds["meetings.cancelled"].email_by_default is False


def test_trainers_hear_registration_open_and_everyone_in_the_meeting_hears_each_phase():
    meeting, runner = opened_meeting(capacity=1)
    seated, waiting = teacher(), teacher()
    services.register(actor=seated, meeting=meeting)
    services.register(actor=waiting, meeting=meeting)
    services.switch_phase(actor=runner, meeting=meeting, to=State.ACTIVE)
    phase = Notification.objects.filter(kind="meetings.phase_opened")
    assert list(phase.filter(user=runner).order_by("pk").values_list("title", flat=True)) == [
        f"Registration is open for the meeting “{meeting.title}”",
        f"The active phase of the meeting “{meeting.title}” has begun",
    ]
    (active,) = phase.filter(user=seated)
    assert active.calendar_uid == f"meetings.meeting-{meeting.pk}.active"
    assert format_day(meeting.reflection_starts_at) in active.body
    assert not phase.filter(user=waiting).exists()


def test_a_message_is_written_in_its_readers_language():
    meeting, _runner = opened_meeting()
    french = teacher(language="fr")
    services.register(actor=french, meeting=meeting)
    (message,) = Notification.objects.filter(user=french, kind="meetings.registered")
    with translation.override("fr"):
        french_date = format_day(meeting.active_starts_at)
    with translation.override("en"):
        english_date = format_day(meeting.active_starts_at)
    assert french_date != english_date
    assert french_date in message.body and english_date not in message.body


def test_participants_calendars_hold_the_active_and_reflection_phases():
    meeting, runner = opened_meeting(capacity=1)
    seated, waiting = teacher(), teacher()
    services.register(actor=seated, meeting=meeting)
    services.register(actor=waiting, meeting=meeting)
    meeting.refresh_from_db()
    prefix = f"meetings.meeting-{meeting.pk}"
    items = {item.uid: item for item in register_calendar_events(seated)}
    assert set(items) == {f"{prefix}.active", f"{prefix}.reflection"}
    active = items[f"{prefix}.active"]
    assert (active.starts_at, active.ends_at) == (
        meeting.active_starts_at,
        meeting.reflection_starts_at,
    )
    assert active.title == f"“{meeting.title}”: active phase"
    assert active.url == meeting.get_absolute_url()
    trainer_items = {item.uid for item in register_calendar_events(runner)}
    assert trainer_items == {
        f"{prefix}.registration_open",
        f"{prefix}.active",
        f"{prefix}.reflection",
    }
    assert register_calendar_events(waiting) == []
    assert event_for(seated, f"{prefix}.reflection") is not None
    assert b"BEGIN:VEVENT" in ics_bytes(list(items.values()), name="Meetings")


def test_a_draft_is_in_nobodys_calendar():
    runner = trainer()
    new_meeting(actor=runner)
    assert register_calendar_events(runner) == []

"""The scheduled task that switches meetings' phases: registered, idempotent, and
catching up after downtime (a meeting goes straight to its due phase, completions are
evaluated once)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from core.models import AuditEntry, Notification
from core.plugins import hookimpl
from core.schedules import contributed_tasks
from plugins.meetings import services, tasks
from plugins.meetings.models import Completion, Meeting
from tests.factories.meetings import new_meeting, teacher, trainer

pytestmark = pytest.mark.django_db

State = Meeting.State


class CompletionListener:
    def __init__(self):
        self.events = []

    @hookimpl
    def on_meeting_completed(self, event):
        self.events.append(event)


def test_the_phase_switch_runs_every_minute():
    (task,) = [task for task in contributed_tasks() if task.name == "meetings.advance_phases"]
    assert task.func == "plugins.meetings.tasks.advance_meeting_phases" and task.minutes == 1


def test_the_task_switches_a_due_meeting_once():
    runner = trainer()
    meeting = services.publish_meeting(actor=runner, meeting=new_meeting(actor=runner))
    with time_machine.travel(meeting.registration_opens_at + timedelta(minutes=1)):
        assert tasks.advance_meeting_phases() == 1
        assert tasks.advance_meeting_phases() == 0
    meeting.refresh_from_db()
    assert meeting.state == State.REGISTRATION_OPEN
    (entry,) = AuditEntry.objects.filter(action=services.PHASE_ADVANCED)
    assert entry.actor is None and entry.data["to"] == State.REGISTRATION_OPEN


def test_after_downtime_a_meeting_goes_straight_to_its_phase_and_completes_once(
    register_plugin, django_capture_on_commit_callbacks
):
    listener = register_plugin(CompletionListener(), "completion-listener")
    runner = trainer()
    meeting = new_meeting(actor=runner, required_contributions=0, requires_reflection=False)
    services.publish_meeting(actor=runner, meeting=meeting)
    people = [teacher(), teacher()]
    with time_machine.travel(meeting.registration_opens_at + timedelta(hours=1)):
        for person in people:
            services.register(actor=person, meeting=meeting)
    with (
        time_machine.travel(meeting.closes_at + timedelta(days=3)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.advance_meetings() == 1
        assert services.advance_meetings() == 0
    meeting.refresh_from_db()
    assert meeting.state == State.CLOSED and meeting.completion_evaluated_at is not None
    assert sorted(event.user_id for event in listener.events) == sorted(p.pk for p in people)
    assert Completion.objects.filter(reason=Completion.Reason.RULE).count() == 2
    # One message about the close; none about phases that passed while nobody looked.
    phase_messages = Notification.objects.filter(user=people[0], kind="meetings.phase_opened")
    assert [message.title for message in phase_messages] == [
        f"The meeting “{meeting.title}” is closed"
    ]


def test_an_unannounced_draft_never_moves():
    meeting = new_meeting(actor=trainer())
    with time_machine.travel(meeting.closes_at + timedelta(days=1)):
        assert services.advance_meetings() == 0
    meeting.refresh_from_db()
    assert meeting.state == State.DRAFT

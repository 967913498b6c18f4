"""The meetings' demo data is made through the services, and loading it again changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import AuditEntry, Notification, SeatClaim, User
from core.plugins import hookimpl
from plugins.meetings import services
from plugins.meetings.demo import ACTIVE_TITLE, CLOSED_TITLE, OPEN_TITLE
from plugins.meetings.models import (
    Activity,
    Completion,
    Meeting,
    Post,
    ReflectionEntry,
    SurveyResponse,
    Thread,
)

pytestmark = pytest.mark.django_db
State = Meeting.State


class CompletionRecorder:
    def __init__(self) -> None:
        self.events: list = []

    @hookimpl
    def on_meeting_completed(self, event) -> None:
        self.events.append(event)


def seed(django_capture_on_commit_callbacks) -> str:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def actions_on(meeting: Meeting) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="meetings.meeting", target_id=str(meeting.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def seated(meeting: Meeting) -> list[str]:
    return sorted(
        SeatClaim.objects.filter(
            offer=meeting.seat_offer, status=SeatClaim.Status.SEATED
        ).values_list("user__username", flat=True)
    )


def test_demo_meetings_are_made_through_the_services(
    django_capture_on_commit_callbacks, register_plugin
):
    recorder = register_plugin(CompletionRecorder(), "completion-recorder")

    output = seed(django_capture_on_commit_callbacks)

    for title in (OPEN_TITLE, ACTIVE_TITLE, CLOSED_TITLE):
        assert f"Demo meeting: {title}" in output
    trainer = User.objects.get(username="trainer")
    ana, luc = User.objects.get(username="teacher.ana"), User.objects.get(username="teacher.luc")

    open_meeting = Meeting.objects.get(title=OPEN_TITLE)
    assert open_meeting.state == State.REGISTRATION_OPEN
    assert list(open_meeting.trainers.all()) == [trainer]
    assert open_meeting.published_at is not None
    assert actions_on(open_meeting)[:2] == [services.MEETING_CREATED, services.MEETING_PUBLISHED]
    assert Activity.objects.filter(meeting=open_meeting).exists()

    active = Meeting.objects.get(title=ACTIVE_TITLE)
    assert active.state == State.ACTIVE
    assert seated(active) == ["teacher.ana"]
    assert services.PHASE_SWITCHED in actions_on(active)
    assert Notification.objects.filter(user=ana, kind="meetings.registered").exists()
    assert Thread.objects.filter(meeting=active, started_by=trainer).exists()

    closed = Meeting.objects.get(title=CLOSED_TITLE)
    assert closed.state == State.CLOSED
    assert seated(closed) == ["teacher.luc"]
    assert Post.objects.filter(meeting=closed, author=luc).exists()
    assert ReflectionEntry.objects.filter(meeting=closed, author=luc).exists()
    assert SurveyResponse.objects.filter(meeting=closed).count() == 1
    completion = Completion.objects.get(meeting=closed)
    assert (completion.user, completion.reason) == (luc, Completion.Reason.RULE)
    assert completion.announced_at is not None
    assert [(e.meeting_id, e.user_id) for e in recorder.events] == [(closed.pk, luc.pk)]
    assert Notification.objects.filter(user=luc, kind="meetings.completed").exists()


def test_loading_the_demo_again_changes_nothing(django_capture_on_commit_callbacks):
    seed(django_capture_on_commit_callbacks)
    counts = {
        model: model.objects.count()
        for model in (Meeting, SeatClaim, Post, Thread, Completion, AuditEntry, Notification)
    }

    output = seed(django_capture_on_commit_callbacks)

    assert f"Demo meeting: {ACTIVE_TITLE}" in output
    assert {model: model.objects.count() for model in counts} == counts


def test_the_demo_is_skipped_with_a_reason_without_the_demo_people(db):
    from plugins.meetings.demo import load_meetings_demo_data

    assert load_meetings_demo_data() == [
        "Demo meetings skipped: the demo people css, trainer, teacher.ana, teacher.luc are missing."
    ]
    assert not Meeting.objects.exists()

"""Every meetings page issues as many queries with 500 participants as with 5.

Each size gets its own meeting: an organiser creates it, a trainer runs it and one
teacher registers through the services; the other participants, their posts,
reflection entries and survey answers are rows written in bulk (the background of a
busy meeting). Each page is then measured as the people who use it see it.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plugins.meetings import queries, services
from plugins.meetings.models import Meeting, SurveyResponse, Thread
from tests.factories.meetings_web import (
    bulk_participants,
    make_meeting,
    nss_of,
    switch_to,
    teacher,
    trainer,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 500
State = Meeting.State


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


def build(size: int, tag: str):
    """A meeting with ``size`` participants (one of them registered by hand), in the
    active phase, with a thread, an activity and materials."""
    leader = trainer(username=f"trainer-{tag}")
    meeting = make_meeting(
        organiser=nss_of("ES", username=f"nss-{tag}"),
        trainers=(leader,),
        capacity=LARGE + 10,
        title=f"Meeting {tag}",
    )
    participant = teacher(username=f"teacher-{tag}")
    services.register(actor=participant, meeting=meeting)
    bulk_participants(meeting, size - 1, tag)
    services.add_activity(actor=leader, meeting=meeting, title="Plan", instructions="<p>Plan</p>")
    services.add_material(actor=leader, meeting=meeting, title="Link", link="https://example.org")
    services.add_material(
        actor=leader,
        meeting=meeting,
        title="File",
        file=SimpleUploadedFile("notes.pdf", b"%PDF-1.4", "application/pdf"),
    )
    switch_to(meeting, State.ACTIVE, actor=leader)
    services.start_thread(actor=participant, meeting=meeting, title="Mine", body="<p>Hi</p>")
    return meeting, leader, participant


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def measure_active(meeting: Meeting, leader, participant) -> dict[str, int]:
    thread = Thread.objects.filter(meeting=meeting).order_by("pk").first()
    url = lambda name, *args: reverse(name, args=[meeting.pk, *args])  # noqa: E731
    visitor, them, runner = Client(), as_user(participant), as_user(leader)
    return {
        "list": count_queries(visitor, reverse("meetings:list")),
        "detail, visitor": count_queries(visitor, meeting.get_absolute_url()),
        "detail, participant": count_queries(them, meeting.get_absolute_url()),
        "detail, trainer": count_queries(runner, meeting.get_absolute_url()),
        "materials": count_queries(them, url("meetings:materials")),
        "activities": count_queries(them, url("meetings:activities")),
        "discussions": count_queries(them, url("meetings:discussions")),
        "thread": count_queries(them, url("meetings:thread", thread.pk)),
        "thread, trainer": count_queries(runner, url("meetings:thread", thread.pk)),
        "progress": count_queries(runner, url("meetings:progress")),
        "manage": count_queries(runner, url("meetings:manage")),
        "edit": count_queries(runner, url("meetings:edit")),
        "activity form": count_queries(runner, url("meetings:activity-new")),
        "material form": count_queries(runner, url("meetings:material-new")),
        "desktop, participant": count_queries(them, reverse("core:desktop")),
        "desktop, trainer": count_queries(runner, reverse("core:desktop")),
    }


def measure_reflection(meeting: Meeting, leader, participant) -> dict[str, int]:
    switch_to(meeting, State.REFLECTION, actor=leader)
    entry = services.write_reflection(actor=participant, meeting=meeting, body="<p>Thoughts</p>")
    # Everyone but the participant measured has answered the survey.
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(
                meeting=meeting,
                user=user,
                content=4,
                trainers=5,
                organisation=3,
                usefulness=4,
                comment="Good",
            )
            for user in queries.participants(meeting).exclude(pk=participant.pk)
        ]
    )
    url = lambda name: reverse(name, args=[meeting.pk])  # noqa: E731
    them, runner = as_user(participant), as_user(leader)
    return {
        "detail, reflection": count_queries(them, meeting.get_absolute_url()),
        "journal, participant": count_queries(them, url("meetings:reflection")),
        "journal, trainer": count_queries(runner, url("meetings:reflection")),
        "journal entry": count_queries(
            them, reverse("meetings:reflection-edit", args=[meeting.pk, entry.pk])
        ),
        "survey": count_queries(them, url("meetings:survey")),
        "survey results": count_queries(runner, url("meetings:survey-results")),
        "progress, reflection": count_queries(runner, url("meetings:progress")),
    }


def test_every_meetings_page_issues_the_same_queries_with_5_and_500_participants():
    small = build(SMALL, "small")
    large = build(LARGE, "large")

    active = (measure_active(*small), measure_active(*large))
    reflection = (measure_reflection(*small), measure_reflection(*large))

    assert active[0] == active[1]
    assert reflection[0] == reflection[1]

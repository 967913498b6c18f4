"""The recordings' demo data: a past seminar with a published link recording, made
through the services; loading it again changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import AuditEntry
from plugins.mooc.models import Seminar, SeminarRecording
from plugins.mooc.seminars import recording_hooks, recordings
from plugins.mooc.seminars import services as seminar_services

pytestmark = pytest.mark.django_db


def seed(django_capture_on_commit_callbacks) -> str:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_has_a_past_seminar_whose_link_recording_is_published(
    client, django_capture_on_commit_callbacks
):
    output = seed(django_capture_on_commit_callbacks)

    assert f"Demo seminar with a recording: {recording_hooks.DEMO_TITLE}" in output
    seminar = Seminar.objects.get(title=recording_hooks.DEMO_TITLE)
    assert seminar.phase() == Seminar.Phase.ENDED
    recording = SeminarRecording.objects.get(seminar=seminar)
    assert (recording.kind, recording.link) == ("link", recording_hooks.DEMO_LINK)
    assert recording.published_at is not None
    assert recording.added_by.username == "css"
    actions = list(
        AuditEntry.objects.filter(target_type="mooc.seminar", target_id=str(seminar.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        seminar_services.SEMINAR_CREATED,
        seminar_services.SEMINAR_PUBLISHED,
        recordings.RECORDING_ATTACHED,
        recordings.RECORDING_PUBLISHED,
    ]
    assert "Watch the recording on video.example.org" in client.get(seminar.get_absolute_url()).text
    assert [
        item["seminar_title"] for item in client.get("/api/v1/recordings/").json()["items"]
    ] == [recording_hooks.DEMO_TITLE]


def test_seeding_again_adds_no_second_seminar_or_recording(django_capture_on_commit_callbacks):
    seed(django_capture_on_commit_callbacks)
    seed(django_capture_on_commit_callbacks)

    assert Seminar.objects.filter(title=recording_hooks.DEMO_TITLE).count() == 1
    assert SeminarRecording.objects.count() == 1

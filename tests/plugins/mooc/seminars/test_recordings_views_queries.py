"""A seminar's page with its recording, the video and the recordings API issue as many
queries with 500 registrants as with 5.

Each size gets its own seminar: an organiser announces it, one teacher registers through
the services, the organiser adds a video with captions and publishes it once the seminar
is over; the other registrants are rows written in bulk (the background of a busy
seminar), after the publication so that the test does not send 500 notices.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from plugins.mooc.seminars import recordings, services
from tests.factories.mooc_recordings import AFTER_THE_END, captions, video
from tests.factories.mooc_seminars import announced_seminar, nss, teacher
from tests.support.mooc_seminars import OPENS, START, T0, bulk_registrants

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 500


def count_queries(client: Client, path: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code in (200, 206), (path, response.status_code)
    # Read to the end: the test client then closes the response (and the file) without
    # ending the test's database connection, as response.close() alone would.
    b"".join(response.streaming_content) if response.streaming else response.content
    return len(captured.captured_queries)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def measure(seminar, organiser, person) -> dict[str, int]:
    url = seminar.get_absolute_url()
    video_url = recordings.video_url(seminar)
    return {
        "detail, visitor": count_queries(Client(), url),
        "detail, registrant": count_queries(as_user(person), url),
        "detail, organiser": count_queries(as_user(organiser), url),
        "video, visitor": count_queries(Client(), video_url, HTTP_RANGE="bytes=0-99"),
        "video, registrant": count_queries(as_user(person), video_url, HTTP_RANGE="bytes=100-"),
        "captions, visitor": count_queries(Client(), recordings.captions_url(seminar)),
        "api list": count_queries(Client(), "/api/v1/recordings/"),
    }


def test_recording_pages_issue_as_many_queries_with_500_registrants_as_with_5(time_machine):
    time_machine.move_to(T0, tick=False)
    organiser = nss("ES")
    sizes = {"small": SMALL, "large": LARGE}
    seminars = {
        tag: announced_seminar(
            actor=organiser, starts_at=START, capacity=LARGE + 10, title=f"Seminar {tag}"
        )
        for tag in sizes
    }
    time_machine.move_to(OPENS + timedelta(hours=1), tick=False)
    people = {tag: teacher(username=f"teacher-{tag}") for tag in sizes}
    for tag, seminar in seminars.items():
        services.register(actor=people[tag], seminar=seminar)
    time_machine.move_to(AFTER_THE_END, tick=False)
    for tag, seminar in seminars.items():
        recordings.attach_recording(
            actor=organiser, seminar=seminar, video=video(), captions=captions()
        )
        recordings.publish_recording(actor=organiser, seminar=seminar)
        bulk_registrants(seminar, sizes[tag] - 1, tag)

    small = measure(seminars["small"], organiser, people["small"])
    large = measure(seminars["large"], organiser, people["large"])

    assert large == small
    assert "<video" in Client().get(seminars["large"].get_absolute_url()).text

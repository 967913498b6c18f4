"""A seminar's recording on its page, its video and captions, the API and the portal:
nothing is known of a recording until it is published; then anyone may watch it, and the
video answers the byte ranges a player asks for."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.portal import portal_listings
from plugins.mooc.seminars import recordings
from tests.factories.mooc_recordings import (
    CAPTIONS_TEXT,
    VIDEO_BYTES,
    captions,
    seminar_that_ran,
    video,
)
from tests.factories.mooc_seminars import nss, teacher

pytestmark = pytest.mark.django_db
SIZE = len(VIDEO_BYTES)
API = "/api/v1/recordings/"


@pytest.fixture
def organiser():
    return nss("ES")


@pytest.fixture
def with_video(time_machine, organiser):
    """A seminar that ran, with an uploaded video and Spanish captions, not published."""
    ana = teacher()
    seminar = seminar_that_ran(time_machine, organiser=organiser, registrants=[ana])
    recordings.attach_recording(
        actor=organiser,
        seminar=seminar,
        video=video(),
        captions=captions(),
        captions_language="es",
    )
    return seminar, ana


def video_url(seminar) -> str:
    return reverse("seminar_recordings:video", args=[seminar.pk])


def captions_url(seminar) -> str:
    return reverse("seminar_recordings:captions", args=[seminar.pk])


def body(response) -> bytes:
    """The whole body: read to the end, the test client closes the response (and the file)
    without ending the test's database connection, as response.close() alone would."""
    return response.getvalue()


def page(client, seminar) -> str:
    response = client.get(seminar.get_absolute_url())
    assert response.status_code == 200
    return response.text


# --- visible once published -----------------------------------------------------------------


def test_an_unpublished_recording_is_unknown_to_all_but_the_organisers(
    client, with_video, organiser
):
    seminar, ana = with_video

    for person in (None, ana, teacher(), nss("FR")):
        client.logout()
        if person is not None:
            client.force_login(person)
        assert "<video" not in page(client, seminar)
        assert client.get(video_url(seminar)).status_code == 404
        assert client.get(captions_url(seminar)).status_code == 404
        assert client.get(API).json()["items"] == []

    client.force_login(organiser)
    text = page(client, seminar)
    assert "<video" in text
    assert "This recording is not published yet: only the seminar's organisers see it." in text
    assert body(client.get(video_url(seminar))) == VIDEO_BYTES


def test_once_published_anyone_watches_it_visitors_included(client, with_video, organiser):
    seminar, _ana = with_video
    assert client.get(video_url(seminar)).status_code == 404

    recordings.publish_recording(actor=organiser, seminar=seminar)

    text = page(client, seminar)
    assert '<video controls preload="metadata"' in text
    assert f'<source src="{video_url(seminar)}" type="video/mp4">' in text
    response = client.get(video_url(seminar))
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Disposition"].startswith("inline;")
    assert body(response) == VIDEO_BYTES
    [item] = client.get(API).json()["items"]
    assert item["seminar_title"] == seminar.title
    assert item["kind"] == "file"
    assert item["watch_url"] == video_url(seminar)
    assert item["seminar_url"] == seminar.get_absolute_url()
    assert item["captions_url"] == captions_url(seminar)
    assert item["captions_language"] == "es"


def test_unpublishing_hides_it_again(client, with_video, organiser):
    seminar, _ana = with_video
    recordings.publish_recording(actor=organiser, seminar=seminar)
    recordings.unpublish_recording(actor=organiser, seminar=seminar)

    assert "<video" not in page(client, seminar)
    assert client.get(video_url(seminar)).status_code == 404
    assert client.get(API).json()["items"] == []


def test_a_seminar_without_a_recording_answers_404_for_its_video(client, time_machine, organiser):
    seminar = seminar_that_ran(time_machine, organiser=organiser)

    assert client.get(video_url(seminar)).status_code == 404
    assert client.get(captions_url(seminar)).status_code == 404
    assert client.get(reverse("seminar_recordings:video", args=[10**18])).status_code == 404


# --- the player: ranges and captions --------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-1023", 0, 1023),
        ("bytes=70000-", 70000, SIZE - 1),
        ("bytes=-4096", SIZE - 4096, SIZE - 1),
        ("bytes=100000-100099", 100000, 100099),
    ],
)
def test_the_video_answers_range_requests_with_exactly_those_bytes(
    client, with_video, organiser, header, first, last
):
    seminar, _ana = with_video
    recordings.publish_recording(actor=organiser, seminar=seminar)

    response = client.get(video_url(seminar), HTTP_RANGE=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Length"] == str(last - first + 1)
    assert body(response) == VIDEO_BYTES[first : last + 1]


def test_a_range_past_the_end_of_the_video_answers_416(client, with_video, organiser):
    seminar, _ana = with_video
    recordings.publish_recording(actor=organiser, seminar=seminar)

    response = client.get(video_url(seminar), HTTP_RANGE=f"bytes={SIZE}-")

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"


def test_head_gives_the_size_without_the_bytes(client, with_video, organiser):
    seminar, _ana = with_video
    recordings.publish_recording(actor=organiser, seminar=seminar)

    response = client.head(video_url(seminar))

    assert response.status_code == 200
    assert response["Content-Length"] == str(SIZE)
    assert body(response) == b""
    assert client.post(video_url(seminar)).status_code == 405


def test_the_video_is_served_so_that_no_browser_runs_it_or_shares_it(client, with_video, organiser):
    seminar, _ana = with_video
    recordings.publish_recording(actor=organiser, seminar=seminar)

    response = client.get(video_url(seminar), HTTP_RANGE="bytes=0-9")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-cache"
    body(response)


def test_captions_are_served_as_webvtt_and_named_by_the_track(client, with_video, organiser):
    seminar, _ana = with_video
    recordings.publish_recording(actor=organiser, seminar=seminar)

    response = client.get(captions_url(seminar))
    text = page(client, seminar)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert body(response).decode() == CAPTIONS_TEXT
    track = re.search(r"<track [^>]*>", text).group(0)
    assert f'src="{captions_url(seminar)}"' in track
    assert 'kind="captions"' in track
    assert 'srclang="es"' in track
    assert 'label="Spanish"' in track
    assert track.endswith(" default>")


def test_the_track_label_is_in_the_readers_language(client, with_video, organiser):
    seminar, _ana = with_video
    recordings.publish_recording(actor=organiser, seminar=seminar)

    text = client.get(seminar.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").text

    assert 'label="Espagnol"' in re.search(r"<track [^>]*>", text).group(0)


def test_a_video_without_captions_has_no_track(client, time_machine, organiser):
    seminar = seminar_that_ran(time_machine, organiser=organiser)
    recordings.attach_recording(actor=organiser, seminar=seminar, video=video())
    recordings.publish_recording(actor=organiser, seminar=seminar)

    text = page(client, seminar)

    assert "<video" in text
    assert "<track" not in text
    assert client.get(captions_url(seminar)).status_code == 404


def test_the_player_falls_back_to_a_plain_link_to_the_video(client, with_video, organiser):
    seminar, _ana = with_video
    recordings.publish_recording(actor=organiser, seminar=seminar)

    text = page(client, seminar)

    assert f'<a href="{video_url(seminar)}">Open the video</a>' in text
    assert f'<a href="{video_url(seminar)}">Open the video on its own</a>' in text


def test_a_link_recording_says_where_it_is_watched(client, time_machine, organiser):
    seminar = seminar_that_ran(time_machine, organiser=organiser)
    link = "https://media.example.org/watch?v=42&list=seminars"
    recordings.attach_recording(actor=organiser, seminar=seminar, link=link)
    recordings.publish_recording(actor=organiser, seminar=seminar)

    text = page(client, seminar)

    assert "Watch the recording on media.example.org" in text
    assert 'href="https://media.example.org/watch?v=42&amp;list=seminars"' in text
    assert "<video" not in text
    assert "<iframe" not in text
    assert client.get(video_url(seminar)).status_code == 404
    [item] = client.get(API).json()["items"]
    assert (item["kind"], item["watch_url"], item["captions_url"]) == ("link", link, None)


# --- lists ------------------------------------------------------------------------------------


def test_the_portal_lists_the_recordings_of_past_seminars(with_video, organiser):
    seminar, _ana = with_video
    [listing] = [item for item in portal_listings("seminars") if item.key == "seminars.recordings"]
    assert str(listing.title) == "Recordings of past seminars"
    assert list(listing.items(5)) == []

    recordings.publish_recording(actor=organiser, seminar=seminar)

    [item] = listing.items(5)
    assert (item.title, item.url, item.starts_at) == (
        seminar.title,
        seminar.get_absolute_url(),
        seminar.starts_at,
    )
    assert "<" not in item.summary


def api_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(API)
    assert response.status_code == 200
    return len(queries)


def test_the_api_list_costs_the_same_queries_for_5_and_50_recordings(
    client, time_machine, organiser
):
    def add(count: int) -> None:
        for number in range(count):
            seminar = seminar_that_ran(time_machine, organiser=organiser, title=f"Talk {number}")
            recordings.attach_recording(
                actor=organiser, seminar=seminar, link=f"https://example.org/{number}"
            )
            recordings.publish_recording(actor=organiser, seminar=seminar)

    add(5)
    few = api_queries(client)
    assert len(client.get(API).json()["items"]) == 5
    add(45)
    assert api_queries(client) == few
    assert client.get(API).json()["count"] == 50

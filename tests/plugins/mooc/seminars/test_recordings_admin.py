"""The organisers' admin screens for recordings: the forms parse, the services check,
store, audit and notify; their refusals show next to the fields."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import Notification, StaffRole
from plugins.mooc.models import SeminarRecording
from plugins.mooc.seminars import recordings
from tests.factories.mooc_recordings import VIDEO_BYTES, captions, seminar_that_ran, video
from tests.factories.mooc_seminars import announced_seminar, teacher
from tests.support.meetings import make_staff
from tests.support.mooc_seminars import START, T0

pytestmark = pytest.mark.django_db

INDEX = "/admin/seminar-recordings/"


@pytest.fixture
def organiser():
    return make_staff("nss.es.recordings")


@pytest.fixture
def ran(time_machine, organiser):
    ana = teacher()
    seminar = seminar_that_ran(
        time_machine, organiser=organiser, registrants=[ana], title="Robots at school"
    )
    return seminar, ana


def edit_url(seminar) -> str:
    return reverse("seminar_recordings_admin:edit", args=[seminar.pk])


def stored_files(settings) -> list[str]:
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_the_menu_and_the_list_show_the_organisers_seminars_that_have_started(
    client, ran, organiser, time_machine
):
    seminar, _ana = ran
    later = announced_seminar(actor=organiser, title="Next month's seminar")
    french = make_staff("nss.fr.recordings", country="FR")
    client.force_login(organiser)

    assert "Seminar recordings" in client.get("/admin/").text
    text = client.get(INDEX).text

    assert "Robots at school" in text
    assert "No recording yet" in text
    assert later.title not in text
    client.force_login(french)
    assert "Seminar recordings" not in client.get("/admin/").text
    assert "Robots at school" not in client.get(INDEX).text
    assert client.get(edit_url(seminar)).status_code == 404


def test_an_organiser_uploads_a_video_with_captions_then_publishes_it(
    client, ran, organiser, django_capture_on_commit_callbacks
):
    seminar, ana = ran
    client.force_login(organiser)
    form = client.get(edit_url(seminar)).text
    assert 'enctype="multipart/form-data"' in form
    assert "Add the recording" in form

    response = client.post(
        edit_url(seminar),
        {"video": video(), "captions": captions(), "captions_language": "es", "link": ""},
        follow=True,
    )

    assert "The recording of “Robots at school” is saved." in response.text
    recording = SeminarRecording.objects.get(seminar=seminar)
    assert recording.video.read() == VIDEO_BYTES
    assert recording.captions_language == "es"
    assert "Added, not published" in response.text
    assert "Publish and tell the registrants" in response.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("seminar_recordings_admin:publish", args=[seminar.pk]), follow=True
        )

    assert "The recording of “Robots at school” is published." in response.text
    assert Notification.objects.filter(user=ana, kind=recordings.PUBLISHED_KIND).count() == 1
    assert "The registrants were told on" in response.text
    assert "Published" in client.get(INDEX).text


def test_uploading_with_publish_ticked_reaches_the_registrants_in_one_step(
    client, ran, organiser, django_capture_on_commit_callbacks
):
    seminar, ana = ran
    client.force_login(organiser)
    form = client.get(edit_url(seminar)).text
    assert 'name="publish"' in form and "checked" in form.split('name="publish"')[1][:80]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(seminar), {"video": video(), "link": "", "publish": "on"}, follow=True
        )

    assert "The recording of “Robots at school” is published." in response.text
    assert SeminarRecording.objects.get(seminar=seminar).published_at is not None
    assert Notification.objects.filter(user=ana, kind=recordings.PUBLISHED_KIND).count() == 1


def test_a_link_is_given_unpublished_and_removed_from_the_screen(client, ran, organiser):
    seminar, _ana = ran
    client.force_login(organiser)
    client.post(edit_url(seminar), {"link": "https://video.example.org/watch/7"})
    client.post(reverse("seminar_recordings_admin:publish", args=[seminar.pk]))

    response = client.post(
        reverse("seminar_recordings_admin:unpublish", args=[seminar.pk]), follow=True
    )
    assert "is no longer published" in response.text
    assert SeminarRecording.objects.get().published_at is None
    assert "Publish again" in response.text

    response = client.post(
        reverse("seminar_recordings_admin:remove", args=[seminar.pk]), follow=True
    )
    assert "The recording of “Robots at school” is removed." in response.text
    assert not SeminarRecording.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"video": "bad-type"},
            "Files of this type cannot be shared. Allowed types: mp4, ogv, webm.",
        ),
        ({"link": "javascript:alert(1)"}, "Please give a web address starting with http://"),
        ({}, "Please upload the video or give a link to it."),
        ({"video": "good", "captions": "srt"}, "Allowed types: vtt."),
    ],
    ids=["video-type", "link-scheme", "nothing", "captions-type"],
)
def test_a_refused_upload_shows_the_reason_by_its_field_and_stores_nothing(
    client, ran, organiser, settings, data, message
):
    seminar, _ana = ran
    client.force_login(organiser)
    post = {"link": data.get("link", ""), "captions_language": ""}
    if data.get("video") == "bad-type":
        post["video"] = video("talk.avi")
    elif data.get("video") == "good":
        post["video"] = video()
    if data.get("captions") == "srt":
        post["captions"] = captions("talk.srt")

    response = client.post(edit_url(seminar), post)

    assert response.status_code == 200
    assert message in response.text
    assert not SeminarRecording.objects.exists()
    assert stored_files(settings) == []


def test_before_the_start_the_screen_says_when_a_recording_can_be_added(
    client, time_machine, organiser
):
    time_machine.move_to(T0, tick=False)
    seminar = announced_seminar(actor=organiser, starts_at=START, title="Soon")
    client.force_login(organiser)

    text = client.get(edit_url(seminar)).text
    response = client.post(edit_url(seminar), {"link": "https://example.org/v"})

    assert "A recording can be added once the seminar has started" in text
    assert 'enctype="multipart/form-data"' not in text
    assert "A recording can be added once the seminar has started" in response.text
    assert not SeminarRecording.objects.exists()


def test_a_refused_publication_is_said_in_a_message(client, ran, organiser):
    seminar, _ana = ran
    client.force_login(organiser)

    response = client.post(
        reverse("seminar_recordings_admin:publish", args=[seminar.pk]), follow=True
    )

    assert "This seminar has no recording yet: add one first." in response.text


def test_people_without_admin_access_never_reach_the_screens(client, ran):
    seminar, ana = ran
    client.force_login(ana)

    assert client.get(INDEX).status_code == 302
    assert client.get(edit_url(seminar)).status_code == 302
    assert StaffRole.objects.filter(user=ana).count() == 0

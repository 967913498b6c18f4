"""The recording services: who may attach a recording and when, what files are accepted,
and registrants told once, at the first publication."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEntry, Notification
from plugins.mooc.models import SeminarRecording
from plugins.mooc.seminars import recordings
from plugins.mooc.seminars import services as seminar_services
from tests.factories.mooc_recordings import (
    CAPTIONS_TEXT,
    OGG_BYTES,
    VIDEO_BYTES,
    WEBM_BYTES,
    captions,
    seminar_that_ran,
    video,
)
from tests.factories.mooc_seminars import announced_seminar, css, new_seminar, nss, teacher
from tests.support.mooc_seminars import SECOND, START, T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return nss("ES")


@pytest.fixture
def ran(time_machine, organiser):
    """A seminar of the Spanish NSS that two teachers registered for, now over."""
    ana, luc = teacher(), teacher()
    seminar = seminar_that_ran(time_machine, organiser=organiser, registrants=[ana, luc])
    return seminar, [ana, luc]


def stored_files(settings) -> list[str]:
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def field_error(error: ValidationError, field: str) -> str:
    return " ".join(error.value.message_dict[field])


def actions(seminar) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="mooc.seminar", target_id=str(seminar.pk))
        .filter(action__startswith="mooc.recording_")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def recording_notices(person) -> list[Notification]:
    return list(Notification.objects.filter(user=person, kind=recordings.PUBLISHED_KIND))


# --- who and when ------------------------------------------------------------------------


def test_an_organiser_attaches_an_uploaded_video_with_captions(ran, organiser, settings):
    seminar, _people = ran

    recording = recordings.attach_recording(
        actor=organiser,
        seminar=seminar,
        video=video(),
        captions=captions(),
        captions_language="es",
    )

    recording.refresh_from_db()
    assert recording.kind == SeminarRecording.Kind.FILE
    assert recording.video_content_type == "video/mp4"
    assert recording.video_size == len(VIDEO_BYTES)
    assert recording.video.read() == VIDEO_BYTES
    assert recording.captions.read().decode() == CAPTIONS_TEXT
    assert recording.captions_language == "es"
    assert recording.published_at is None
    assert recording.added_by == organiser
    assert actions(seminar) == [recordings.RECORDING_ATTACHED]
    assert len(stored_files(settings)) == 2


def test_captions_are_in_the_seminars_language_unless_another_is_given(ran, organiser):
    seminar, _people = ran

    recording = recordings.attach_recording(
        actor=organiser, seminar=seminar, video=video(), captions=captions()
    )

    assert recording.captions_language == seminar.language.code == "en"


def test_a_link_recording_needs_no_file(ran, organiser, settings):
    seminar, _people = ran

    recording = recordings.attach_recording(
        actor=organiser, seminar=seminar, link=" https://video.example.org/watch/42 "
    )

    assert (recording.kind, recording.link) == ("link", "https://video.example.org/watch/42")
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("talk.webm", WEBM_BYTES, "video/webm"), ("talk.OGV", OGG_BYTES, "video/ogg")],
)
def test_the_content_type_follows_the_extension(ran, organiser, name, content, content_type):
    seminar, _people = ran

    recording = recordings.attach_recording(
        actor=organiser, seminar=seminar, video=video(name, content)
    )

    assert recording.video_content_type == content_type


def test_the_css_attaches_recordings_of_any_seminar(ran):
    seminar, _people = ran

    recordings.attach_recording(actor=css(), seminar=seminar, link="https://example.org/v")

    assert SeminarRecording.objects.filter(seminar=seminar).exists()


@pytest.mark.parametrize(
    "who", ["registrant", "teacher", "nss_of_another_country"], ids=lambda who: who
)
def test_only_the_organisers_attach_a_recording(ran, settings, who):
    seminar, (ana, _luc) = ran
    person = {"registrant": ana, "teacher": teacher(), "nss_of_another_country": nss("FR")}[who]

    with pytest.raises(PermissionDenied, match="Only the seminar's organisers can do this"):
        recordings.attach_recording(actor=person, seminar=seminar, video=video())

    assert not SeminarRecording.objects.exists()
    assert stored_files(settings) == []
    assert actions(seminar) == []


def test_no_recording_before_the_seminar_starts_and_one_from_its_first_second(
    time_machine, organiser
):
    time_machine.move_to(T0, tick=False)
    seminar = announced_seminar(actor=organiser, starts_at=START)

    time_machine.move_to(START - SECOND, tick=False)
    with pytest.raises(PermissionDenied, match="once the seminar has started"):
        recordings.attach_recording(actor=organiser, seminar=seminar, link="https://example.org/v")
    assert not SeminarRecording.objects.exists()

    time_machine.move_to(START, tick=False)
    recordings.attach_recording(actor=organiser, seminar=seminar, link="https://example.org/v")
    assert SeminarRecording.objects.filter(seminar=seminar).exists()


def test_a_cancelled_seminar_takes_no_recording(time_machine, organiser):
    time_machine.move_to(T0, tick=False)
    seminar = announced_seminar(actor=organiser, starts_at=START)
    seminar_services.cancel_seminar(actor=organiser, seminar=seminar, reason="The speaker is ill.")
    time_machine.move_to(START + timedelta(hours=2), tick=False)

    with pytest.raises(PermissionDenied, match="This seminar was cancelled"):
        recordings.attach_recording(actor=organiser, seminar=seminar, link="https://example.org/v")


# --- bad input: a clear message, nothing stored --------------------------------------------


@pytest.mark.parametrize(
    ("upload", "field", "message"),
    [
        (lambda: video("talk.mp4", b""), "video", "The file is empty."),
        (lambda: video("talk.avi"), "video", "Allowed types: mp4, ogv, webm."),
        (lambda: video("talk"), "video", "Allowed types: mp4, ogv, webm."),
        (
            lambda: video("talk.mp4", b"<html>not a video</html>"),
            "video",
            "not a video in the MP4 format, whatever its name says.",
        ),
        (lambda: video("talk.webm", VIDEO_BYTES), "video", "not a video in the WebM format"),
    ],
    ids=["empty", "avi", "no-extension", "html-named-mp4", "mp4-named-webm"],
)
def test_a_bad_video_is_refused_with_its_reason_and_nothing_is_stored(
    ran, organiser, settings, upload, field, message
):
    seminar, _people = ran

    with pytest.raises(ValidationError) as error:
        recordings.attach_recording(actor=organiser, seminar=seminar, video=upload())

    assert message in field_error(error, field)
    assert not SeminarRecording.objects.exists()
    assert stored_files(settings) == []
    assert actions(seminar) == []


def test_a_video_over_the_size_setting_is_refused(ran, organiser, settings):
    seminar, _people = ran
    settings.OPENTWIN_MAX_VIDEO_MB = 0.1  # 104,857 bytes: the test video is larger

    with pytest.raises(ValidationError) as error:
        recordings.attach_recording(actor=organiser, seminar=seminar, video=video())

    assert field_error(error, "video") == "Files may be at most 0 MB."
    assert stored_files(settings) == []


def test_the_size_limit_defaults_to_two_gigabytes(settings):
    del settings.OPENTWIN_MAX_VIDEO_MB

    assert recordings.max_video_bytes() == 2048 * 1024 * 1024


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: captions("talk.srt"), "Allowed types: vtt."),
        (lambda: captions(text="1\n00:00:00,000 --> 00:00:04,000\nHi\n"), "its first line is"),
        (lambda: captions(text="WEBVTTX\n"), "its first line is"),
        (lambda: captions(text="x" * (2 * 1024 * 1024 + 1)), "Files may be at most 2 MB."),
    ],
    ids=["srt-extension", "srt-content", "wrong-signature", "too-large"],
)
def test_bad_captions_are_refused_with_their_reason(ran, organiser, settings, upload, message):
    seminar, _people = ran

    with pytest.raises(ValidationError) as error:
        recordings.attach_recording(
            actor=organiser, seminar=seminar, video=video(), captions=upload()
        )

    assert message in field_error(error, "captions")
    assert not SeminarRecording.objects.exists()
    assert stored_files(settings) == []


def test_captions_that_are_not_utf8_are_refused(ran, organiser):
    seminar, _people = ran
    bad = SimpleUploadedFile("talk.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nCaf\xe9\n")

    with pytest.raises(ValidationError) as error:
        recordings.attach_recording(actor=organiser, seminar=seminar, video=video(), captions=bad)

    assert "UTF-8" in field_error(error, "captions")


def test_captions_with_a_byte_order_mark_are_accepted(ran, organiser):
    seminar, _people = ran
    with_bom = SimpleUploadedFile("talk.vtt", b"\xef\xbb\xbf" + CAPTIONS_TEXT.encode())

    recording = recordings.attach_recording(
        actor=organiser, seminar=seminar, video=video(), captions=with_bom
    )

    assert recording.captions


def test_an_unknown_captions_language_is_refused(ran, organiser):
    seminar, _people = ran

    with pytest.raises(ValidationError) as error:
        recordings.attach_recording(
            actor=organiser,
            seminar=seminar,
            video=video(),
            captions=captions(),
            captions_language="xx",
        )

    assert "language of the captions" in field_error(error, "captions_language")


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({}, "video", "Please upload the video or give a link to it."),
        ({"video": "file", "link": "https://example.org/v"}, "link", "not both"),
        ({"link": "javascript:alert(1)"}, "link", "starting with http:// or https://"),
        ({"link": "ftp://example.org/talk.mp4"}, "link", "starting with http:// or https://"),
        ({"link": "https://example.org/v", "captions": "file"}, "captions", "video service"),
        ({"captions": "file"}, "video", "Please upload the video or give a link to it."),
    ],
    ids=["nothing", "both", "javascript", "ftp", "captions-with-link", "captions-alone"],
)
def test_a_recording_is_a_video_or_a_link(ran, organiser, settings, values, field, message):
    seminar, _people = ran
    given = dict(values)
    if given.get("video") == "file":
        given["video"] = video()
    if given.get("captions") == "file":
        given["captions"] = captions()

    with pytest.raises(ValidationError) as error:
        recordings.attach_recording(actor=organiser, seminar=seminar, **given)

    assert message in field_error(error, field)
    assert not SeminarRecording.objects.exists()
    assert stored_files(settings) == []


# --- replacing and removing: old files go after commit ---------------------------------------


def test_replacing_a_video_deletes_the_old_files_after_commit(
    ran, organiser, settings, django_capture_on_commit_callbacks
):
    seminar, _people = ran
    with django_capture_on_commit_callbacks(execute=True):
        first = recordings.attach_recording(
            actor=organiser, seminar=seminar, video=video(), captions=captions()
        )
    old_names = {first.video.name, first.captions.name}

    with django_capture_on_commit_callbacks(execute=False) as pending:
        second = recordings.attach_recording(
            actor=organiser, seminar=seminar, video=video("new.webm", WEBM_BYTES)
        )
        # Until the change is committed the old files stay (a rollback would need them).
        assert old_names <= set(stored_files(settings))
    for callback in pending:
        callback()

    assert SeminarRecording.objects.get().pk == first.pk
    assert second.video_content_type == "video/webm"
    assert not second.captions
    assert stored_files(settings) == [second.video.name]


def test_captions_alone_replace_the_captions_and_keep_the_video(
    ran, organiser, settings, django_capture_on_commit_callbacks
):
    seminar, _people = ran
    with django_capture_on_commit_callbacks(execute=True):
        first = recordings.attach_recording(
            actor=organiser, seminar=seminar, video=video(), captions=captions()
        )
    video_name, old_captions = first.video.name, first.captions.name

    with django_capture_on_commit_callbacks(execute=True):
        second = recordings.attach_recording(
            actor=organiser,
            seminar=seminar,
            captions=captions(text="WEBVTT\n\n00:00.000 --> 00:01.000\nHola.\n"),
            captions_language="es",
        )

    assert second.video.name == video_name
    assert second.captions.name != old_captions
    assert second.captions_language == "es"
    assert sorted(stored_files(settings)) == sorted([video_name, second.captions.name])


def test_a_link_replacing_a_video_leaves_no_file(
    ran, organiser, settings, django_capture_on_commit_callbacks
):
    seminar, _people = ran
    with django_capture_on_commit_callbacks(execute=True):
        recordings.attach_recording(
            actor=organiser, seminar=seminar, video=video(), captions=captions()
        )
        recordings.attach_recording(actor=organiser, seminar=seminar, link="https://example.org/v")

    recording = SeminarRecording.objects.get()
    assert (recording.kind, recording.video.name, recording.captions.name) == ("link", "", "")
    assert stored_files(settings) == []


def test_removing_a_recording_deletes_its_files_after_commit(
    ran, organiser, settings, django_capture_on_commit_callbacks
):
    seminar, _people = ran
    with django_capture_on_commit_callbacks(execute=True):
        recordings.attach_recording(
            actor=organiser, seminar=seminar, video=video(), captions=captions()
        )
    assert len(stored_files(settings)) == 2

    with django_capture_on_commit_callbacks(execute=False) as pending:
        recordings.remove_recording(actor=organiser, seminar=seminar)
        assert len(stored_files(settings)) == 2
    for callback in pending:
        callback()

    assert not SeminarRecording.objects.exists()
    assert stored_files(settings) == []
    assert actions(seminar) == [recordings.RECORDING_ATTACHED, recordings.RECORDING_REMOVED]


def test_a_failed_save_leaves_no_new_file(ran, organiser, settings, monkeypatch):
    seminar, _people = ran

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(recordings.audit, "record", broken)
    with pytest.raises(RuntimeError):
        recordings.attach_recording(actor=organiser, seminar=seminar, video=video())

    assert not SeminarRecording.objects.exists()
    assert stored_files(settings) == []


def test_only_organisers_publish_unpublish_or_remove(ran, organiser):
    seminar, (ana, _luc) = ran
    recordings.attach_recording(actor=organiser, seminar=seminar, link="https://example.org/v")

    for service in (
        recordings.publish_recording,
        recordings.unpublish_recording,
        recordings.remove_recording,
    ):
        with pytest.raises(PermissionDenied, match="Only the seminar's organisers"):
            service(actor=ana, seminar=seminar)

    assert SeminarRecording.objects.get().published_at is None


def test_there_is_nothing_to_publish_without_a_recording(ran, organiser):
    seminar, _people = ran

    with pytest.raises(ValidationError, match="no recording yet"):
        recordings.publish_recording(actor=organiser, seminar=seminar)


# --- publishing: registrants told once ------------------------------------------------------


def test_the_first_publication_tells_every_registrant_once(
    time_machine, organiser, django_capture_on_commit_callbacks
):
    ana, luc, waiting = teacher(), teacher(), teacher()
    seminar = seminar_that_ran(
        time_machine, organiser=organiser, registrants=[ana, luc], waiting=[waiting]
    )
    recordings.attach_recording(actor=organiser, seminar=seminar, video=video())

    with django_capture_on_commit_callbacks(execute=True):
        recordings.publish_recording(actor=organiser, seminar=seminar)
        recordings.unpublish_recording(actor=organiser, seminar=seminar)
        recordings.publish_recording(actor=organiser, seminar=seminar)

    for person in (ana, luc):
        [notice] = recording_notices(person)
        assert notice.title == f"The recording of the seminar “{seminar.title}” is online"
        assert "published its recording" in notice.body
        assert "because you registered" in notice.body
        assert notice.url == seminar.get_absolute_url()
    assert recording_notices(waiting) == []
    assert recording_notices(organiser) == []
    recording = SeminarRecording.objects.get()
    assert recording.published_at is not None
    assert recording.registrants_notified_at is not None
    assert actions(seminar) == [
        recordings.RECORDING_ATTACHED,
        recordings.RECORDING_PUBLISHED,
        recordings.RECORDING_UNPUBLISHED,
        recordings.RECORDING_PUBLISHED,
    ]


def test_the_notice_is_written_in_each_registrants_language(time_machine, organiser):
    ana = teacher(language="fr")
    seminar = seminar_that_ran(time_machine, organiser=organiser, registrants=[ana])
    recordings.attach_recording(actor=organiser, seminar=seminar, link="https://example.org/v")

    recordings.publish_recording(actor=organiser, seminar=seminar)

    [notice] = recording_notices(ana)
    assert seminar.title in notice.title


def test_a_replaced_recording_stays_published_and_tells_nobody_again(ran, organiser):
    seminar, (ana, _luc) = ran
    recordings.attach_recording(actor=organiser, seminar=seminar, link="https://example.org/v")
    recordings.publish_recording(actor=organiser, seminar=seminar)

    recordings.attach_recording(actor=organiser, seminar=seminar, link="https://example.org/w")

    assert SeminarRecording.objects.get().published_at is not None
    assert len(recording_notices(ana)) == 1


def test_publishing_twice_is_refused_and_unpublishing_what_is_hidden_too(ran, organiser):
    seminar, _people = ran
    recordings.attach_recording(actor=organiser, seminar=seminar, link="https://example.org/v")

    with pytest.raises(ValidationError, match="The recording is not published"):
        recordings.unpublish_recording(actor=organiser, seminar=seminar)
    recordings.publish_recording(actor=organiser, seminar=seminar)
    with pytest.raises(ValidationError, match="The recording is published already"):
        recordings.publish_recording(actor=organiser, seminar=seminar)


def test_the_recording_of_a_draft_seminar_waits_for_its_announcement(time_machine, organiser):
    time_machine.move_to(T0, tick=False)
    # An organiser may add a seminar held in the past, to publish its recording.
    draft = new_seminar(actor=organiser, starts_at=T0 - timedelta(days=3))
    recordings.attach_recording(actor=organiser, seminar=draft, link="https://example.org/v")

    with pytest.raises(ValidationError, match="Announce the seminar first"):
        recordings.publish_recording(actor=organiser, seminar=draft)

    seminar_services.publish_seminar(actor=organiser, seminar=draft)
    recordings.publish_recording(actor=organiser, seminar=draft)
    assert SeminarRecording.objects.get().published_at is not None


def test_two_organisers_adding_at_once_keep_the_first_recording(
    ran, organiser, settings, monkeypatch
):
    seminar, _people = ran
    recordings.attach_recording(actor=css(), seminar=seminar, link="https://example.org/first")
    # The second organiser's request read the seminar before the first one's was saved.
    monkeypatch.setattr(recordings, "recording_of", lambda seminar: None)

    with pytest.raises(ValidationError, match="Someone has just added a recording"):
        recordings.attach_recording(actor=organiser, seminar=seminar, video=video())

    assert SeminarRecording.objects.get().link == "https://example.org/first"
    assert stored_files(settings) == []

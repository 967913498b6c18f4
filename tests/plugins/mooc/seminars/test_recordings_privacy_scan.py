"""After the organiser who added a recording, or a registrant told of it, is erased, their
names, username and e-mail address are nowhere in the database; the recording stays,
with nobody named as adding it."""

from __future__ import annotations

import pytest

from core import services as core_services
from plugins.mooc.models import SeminarRecording
from plugins.mooc.seminars import recordings
from tests.factories.mooc_recordings import captions, seminar_that_ran, video
from tests.factories.mooc_seminars import teacher
from tests.support.erasure import text_columns_containing
from tests.support.meetings import make_staff

pytestmark = pytest.mark.django_db

REGISTRANT = {"first name": "Zephyrine", "surname": "Quillbottom", "username": "zq.rec.teacher"}
ORGANISER = {"first name": "Oswaldo", "surname": "Farnsworthy", "username": "of.rec.nss"}


def people():
    organiser = make_staff(ORGANISER["username"])
    organiser.first_name, organiser.last_name = ORGANISER["first name"], ORGANISER["surname"]
    organiser.save(update_fields=["first_name", "last_name"])
    registrant = teacher(
        username=REGISTRANT["username"],
        first_name=REGISTRANT["first name"],
        last_name=REGISTRANT["surname"],
    )
    return organiser, registrant


def a_recording_published(time_machine, django_capture_on_commit_callbacks):
    organiser, registrant = people()
    seminar = seminar_that_ran(time_machine, organiser=organiser, registrants=[registrant])
    with django_capture_on_commit_callbacks(execute=True):
        recordings.attach_recording(
            actor=organiser, seminar=seminar, video=video(), captions=captions()
        )
        recordings.publish_recording(actor=organiser, seminar=seminar)
    return organiser, registrant


def test_the_export_names_the_recordings_a_person_added(
    time_machine, django_capture_on_commit_callbacks
):
    organiser, _registrant = a_recording_published(time_machine, django_capture_on_commit_callbacks)

    exported = core_services.export_user_data(actor=organiser, user=organiser)

    [added] = exported["mooc.recordings"]["recordings_added"]
    assert added["kind"] == "file"
    assert added["seminar"] == SeminarRecording.objects.get().seminar.title


def test_no_trace_of_the_organiser_after_their_erasure(
    time_machine, django_capture_on_commit_callbacks
):
    organiser, _registrant = a_recording_published(time_machine, django_capture_on_commit_callbacks)
    assert SeminarRecording.objects.get().added_by == organiser

    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=organiser, user=organiser)
    organiser.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=None, user=organiser)  # safe to run twice

    assert text_columns_containing(ORGANISER) == []
    recording = SeminarRecording.objects.get()
    assert recording.added_by is None
    assert recording.published_at is not None


def test_no_trace_of_a_registrant_after_their_erasure(
    time_machine, django_capture_on_commit_callbacks
):
    _organiser, registrant = a_recording_published(time_machine, django_capture_on_commit_callbacks)
    assert text_columns_containing(REGISTRANT) != [], "the scenario should have stored the data"

    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=registrant, user=registrant)

    assert text_columns_containing(REGISTRANT) == []

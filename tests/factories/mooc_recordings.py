"""Seminars that have run, and recording files, for the recordings tests.

A seminar is announced by its organiser, teachers register through the service while
its registration is open, and time moves past its end (time-machine), the way a real
seminar gets to the point where its recording is added.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from plugins.mooc.models import Seminar
from plugins.mooc.seminars import services
from tests.factories.mooc_seminars import announced_seminar
from tests.support.mooc_seminars import END, OPENS, START, T0

# An MP4 file opens with its "ftyp" box; the rest varies with the place of each byte.
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
VIDEO_BYTES = MP4_HEAD + bytes((position * 13 + 5) % 256 for position in range(150_000))
WEBM_BYTES = b"\x1a\x45\xdf\xa3" + b"\x00" * 200
OGG_BYTES = b"OggS" + b"\x00" * 200
CAPTIONS_TEXT = "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nWelcome to the seminar.\n"
AFTER_THE_END = END + timedelta(minutes=30)


def video(name: str = "talk.mp4", content: bytes = VIDEO_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="video/mp4")


def captions(name: str = "talk.vtt", text: str = CAPTIONS_TEXT) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/vtt")


def seminar_that_ran(time_machine, *, organiser, registrants=(), waiting=(), **fields) -> Seminar:
    """A seminar announced at T0 that ``registrants`` registered for (and ``waiting``
    queued for, once its seats are taken); time is left half an hour after its end."""
    time_machine.move_to(T0, tick=False)
    fields.setdefault("capacity", max(len(registrants), 1))
    seminar = announced_seminar(actor=organiser, starts_at=START, **fields)
    time_machine.move_to(OPENS + timedelta(hours=1), tick=False)
    for person in [*registrants, *waiting]:
        services.register(actor=person, seminar=seminar)
    time_machine.move_to(AFTER_THE_END, tick=False)
    seminar.refresh_from_db()
    return seminar

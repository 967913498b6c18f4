"""REST route of the seminars' recordings, mounted at ``/api/v1/recordings/``: the
published recordings of past seminars, open to everyone. A recording that is not
published is not listed."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from core.api_params import Pagination
from plugins.mooc.models import SeminarRecording
from plugins.mooc.seminars import recordings

router = Router()


class RecordingOut(Schema):
    seminar_id: int
    seminar_title: str
    seminar_url: str = Field(description="The seminar's page, where the recording plays.")
    starts_at: datetime = Field(description="When the seminar took place.")
    language: str = Field(description="The seminar's language code (ISO 639-1).")
    kind: str = Field(description="file (a video served here) or link (a video service).")
    watch_url: str = Field(
        description="Where to watch: the video itself (answers byte-range requests) for a "
        "file, the video service's page for a link."
    )
    captions_url: str | None = Field(description="WebVTT captions of a video; null if none.")
    captions_language: str | None
    published_at: datetime

    @staticmethod
    def resolve_seminar_title(recording: SeminarRecording) -> str:
        return recording.seminar.title

    @staticmethod
    def resolve_seminar_url(recording: SeminarRecording) -> str:
        return recording.seminar.get_absolute_url()

    @staticmethod
    def resolve_starts_at(recording: SeminarRecording) -> datetime:
        return recording.seminar.starts_at

    @staticmethod
    def resolve_language(recording: SeminarRecording) -> str:
        return recording.seminar.language.code

    @staticmethod
    def resolve_watch_url(recording: SeminarRecording) -> str:
        return recordings.watch_url(recording)

    @staticmethod
    def resolve_captions_url(recording: SeminarRecording) -> str | None:
        return recordings.captions_url(recording.seminar) if recording.captions else None

    @staticmethod
    def resolve_captions_language(recording: SeminarRecording) -> str | None:
        return recording.captions_language if recording.captions else None


@router.get(
    "/", response=list[RecordingOut], summary="Published recordings of past seminars, latest first"
)
@paginate(Pagination)
def list_recordings(request):
    return recordings.published_recordings()

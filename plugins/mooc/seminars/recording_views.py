"""The files of a seminar's recording: the video a browser plays (and seeks in) and its
captions. Whoever may not watch the recording gets 404, so a recording that is not
published yet is not even known to exist."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from core.storage import ranged_file_response
from plugins.mooc.models import Seminar, SeminarRecording
from plugins.mooc.seminars import recordings


def _watchable(request: HttpRequest, pk: int) -> SeminarRecording:
    """The seminar's uploaded recording, if the requester may watch it; 404 otherwise."""
    seminar = get_object_or_404(Seminar.objects.select_related("recording"), pk=pk)
    if recordings.recording_refusal(request.user, seminar) is not None:
        raise Http404
    recording = seminar.recording
    if recording.kind != SeminarRecording.Kind.FILE or not recording.video:
        raise Http404
    return recording


@require_safe
def recording_video(request: HttpRequest, pk: int) -> HttpResponse:
    """The video, in the byte ranges the player asks for."""
    recording = _watchable(request, pk)
    extension = recordings.extension_of(recording.video.name)
    return ranged_file_response(
        request,
        recording.video,
        content_type=recording.video_content_type or recordings.VIDEO_TYPES[extension],
        filename=recordings.download_name(recording, extension),
    )


@require_safe
def recording_captions(request: HttpRequest, pk: int) -> HttpResponse:
    """The video's WebVTT captions, for its ``<track>``."""
    recording = _watchable(request, pk)
    if not recording.captions:
        raise Http404
    return ranged_file_response(
        request,
        recording.captions,
        content_type=recordings.CAPTIONS_CONTENT_TYPE,
        filename=recordings.download_name(recording, "vtt"),
    )

"""What a seminar page needs to show its recording (``mooc/seminars/_recording.html``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from django.utils.translation import get_language_info

from plugins.mooc.models import Seminar, SeminarRecording
from plugins.mooc.seminars import recordings
from plugins.mooc.seminars.policy import SeminarAccess, access_for

register = template.Library()


def _language_name(code: str) -> str:
    """The language's name in the reader's language ("Español" → "Spanish")."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


@register.simple_tag(takes_context=True)
def recording_for(context, seminar: Seminar) -> dict | None:
    """The seminar's recording as its page shows it, or ``None`` when the reader may not
    watch it (no query beyond the recording itself when the page has the ``access``)."""
    access = context.get("access")
    if not isinstance(access, SeminarAccess) or access.seminar.pk != seminar.pk:
        request = context.get("request")
        access = access_for(getattr(request, "user", None), seminar)
    if recordings.recording_refusal(access.user, seminar, access=access) is not None:
        return None
    recording = seminar.recording
    facts = {
        "recording": recording,
        "published": recording.published_at is not None,
        "ended": seminar.phase() == Seminar.Phase.ENDED,
        "manage_url": (
            reverse("seminar_recordings_admin:edit", args=[seminar.pk])
            if access.is_organiser
            else ""
        ),
    }
    if recording.kind == SeminarRecording.Kind.FILE:
        facts.update(
            is_file=True,
            video_url=recordings.video_url(seminar),
            content_type=recording.video_content_type,
            captions_url=recordings.captions_url(seminar) if recording.captions else "",
            captions_language=recording.captions_language,
            captions_label=_language_name(recording.captions_language),
        )
    else:
        facts.update(is_file=False, link=recording.link, host=urlsplit(recording.link).hostname)
    return facts

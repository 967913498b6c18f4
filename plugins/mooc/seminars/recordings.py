"""The recording of an online seminar (DOMAIN.md §6, issue 11 item 2): its services and
its queries.

After the seminar has started, its organisers attach a recording: a video file uploaded
to the platform's private storage (served with byte ranges so a browser can seek, with
optional WebVTT captions) or a link to a video service. Nobody but the organisers knows
of it until they publish it; the first publication tells every registrant (a seated
claim), once, whatever is unpublished and published again afterwards.

Each service takes the acting user as ``actor``, checks the seminars' policy
(``Action.MANAGE``: the seminar's organisers) and the time, runs in one transaction and
writes an audit entry. It raises ``PermissionDenied`` (the role or the time) or
``ValidationError`` (bad input, keyed by the form field), each with the message the
person sees; on either, nothing is stored. Files that a change leaves behind are deleted
once it is committed, never before.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core import audit, input_checks
from core.contrib import NotificationKind
from core.dates import format_when
from core.models import Language, User
from core.notifications import notify_people
from plugins.mooc.models import Seminar, SeminarRecording
from plugins.mooc.seminars import queries
from plugins.mooc.seminars.notifications import local_moment
from plugins.mooc.seminars.policy import Action, SeminarAccess, access_for, manageable_seminars

Kind = SeminarRecording.Kind

# Audit actions, one per change, next to their services.
RECORDING_ATTACHED = "mooc.recording_attached"
RECORDING_PUBLISHED = "mooc.recording_published"
RECORDING_UNPUBLISHED = "mooc.recording_unpublished"
RECORDING_REMOVED = "mooc.recording_removed"

# The notification registrants get when a recording is first published.
PUBLISHED_KIND = "mooc.recording_published"
KINDS = [
    NotificationKind(
        PUBLISHED_KIND, gettext_lazy("The recording of an online seminar you registered for")
    )
]
TITLE_PUBLISHED = gettext_noop("The recording of the seminar “%(seminar)s” is online")
BODY_PUBLISHED = gettext_noop(
    "The organisers of the online seminar “%(seminar)s” of %(start)s published its "
    "recording. Watch it on the seminar's page whenever you like. You are told because "
    "you registered for the seminar."
)

# What a browser plays in a <video> element, by the file's extension.
VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm", "ogv": "video/ogg"}
VIDEO_FORMATS = {"mp4": "MP4", "webm": "WebM", "ogv": "Ogg"}
CAPTIONS_EXTENSIONS = frozenset({"vtt"})
CAPTIONS_CONTENT_TYPE = "text/vtt; charset=utf-8"
MAX_CAPTIONS_BYTES = 2 * input_checks.MEGABYTE
MAX_LANGUAGE_CODE_LENGTH = 12
# The first bytes of each kind of video: an ISO media file opens with a box (its size,
# then its type at byte 4), a WebM file with the EBML mark, an Ogg file with "OggS".
_MP4_FIRST_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide")
_WEBM_MARK = b"\x1a\x45\xdf\xa3"
_OGG_MARK = b"OggS"
_BOM = b"\xef\xbb\xbf"


def max_video_bytes() -> int:
    """The largest video accepted, from ``settings.OPENTWIN_MAX_VIDEO_MB`` (default 2048)."""
    return int(float(getattr(settings, "OPENTWIN_MAX_VIDEO_MB", 2048)) * input_checks.MEGABYTE)


# --- reading ---------------------------------------------------------------------------


def recording_of(seminar: Seminar) -> SeminarRecording | None:
    """The seminar's recording, published or not (cached on the seminar once read)."""
    try:
        return seminar.recording
    except ObjectDoesNotExist:
        return None


def recording_refusal(user, seminar: Seminar, *, access: SeminarAccess | None = None) -> str | None:
    """Why ``user`` may not watch the seminar's recording (translated), or ``None``.

    A published recording is anyone's, visitors included; one not published yet is seen
    by the seminar's organisers only. ``access`` spares the queries when the caller has
    resolved it already.
    """
    access = access or access_for(user, seminar)
    refusal = access.refusal(Action.VIEW)
    if refusal is not None:
        return refusal
    recording = recording_of(seminar)
    if recording is None:
        return _("This seminar has no recording.")
    if recording.published_at is None and not access.is_organiser:
        return _("The recording of this seminar is not published yet.")
    return None


def attach_refusal(user, seminar: Seminar, *, access: SeminarAccess | None = None) -> str | None:
    """Why ``user`` may not attach, publish or remove the seminar's recording now, or
    ``None``: its organisers may, once the seminar has started (not when cancelled)."""
    access = access or access_for(user, seminar)
    refusal = access.refusal(Action.MANAGE)
    if refusal is not None:
        return refusal
    if timezone.now() < seminar.starts_at:
        return _("A recording can be added once the seminar has started, on %(date)s.") % {
            "date": format_when(seminar.starts_at)
        }
    return None


def published_recordings() -> QuerySet[SeminarRecording]:
    """The published recordings of announced seminars that have ended, latest first."""
    return (
        SeminarRecording.objects.filter(
            published_at__isnull=False, seminar__in=queries.past_seminars()
        )
        .select_related("seminar", "seminar__language")
        .order_by("-seminar__starts_at", "-seminar__pk")
    )


def started_seminars_of(user) -> QuerySet[Seminar]:
    """The seminars ``user`` organises that have started (not cancelled), latest first,
    with their recording: those that can have one."""
    return (
        manageable_seminars(user)
        .filter(starts_at__lte=timezone.now(), cancelled_at__isnull=True)
        .select_related("recording", "language", "country")
        .order_by("-starts_at", "-pk")
    )


def video_url(seminar: Seminar) -> str:
    """Where the seminar's uploaded video is streamed."""
    return reverse("seminar_recordings:video", args=[seminar.pk])


def captions_url(seminar: Seminar) -> str:
    """Where the captions of the seminar's video are served."""
    return reverse("seminar_recordings:captions", args=[seminar.pk])


def watch_url(recording: SeminarRecording) -> str:
    """Where the recording is watched: the video stream, or the video service's page."""
    return video_url(recording.seminar) if recording.kind == Kind.FILE else recording.link


def download_name(recording: SeminarRecording, extension: str) -> str:
    """A file name for the browser, from the seminar's title (never the upload's name)."""
    return f"{slugify(recording.seminar.title)[:80] or 'recording'}.{extension}"


def extension_of(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


# --- input -----------------------------------------------------------------------------


def _head(file: UploadedFile, size: int) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _check_video(video: UploadedFile) -> str:
    """The video's content type; raises ``ValidationError`` on the ``video`` field."""
    input_checks.upload(video, field="video", extensions=VIDEO_TYPES, max_bytes=max_video_bytes())
    extension = extension_of(input_checks.file_name(video))
    head = _head(video, 12)
    looks_right = {
        "mp4": head[4:8] in _MP4_FIRST_BOXES,
        "webm": head.startswith(_WEBM_MARK),
        "ogv": head.startswith(_OGG_MARK),
    }[extension]
    if not looks_right:
        raise ValidationError(
            {
                "video": _(
                    "This file is not a video in the %(format)s format, whatever its name "
                    "says. Please upload the video as MP4, WebM or Ogg."
                )
                % {"format": VIDEO_FORMATS[extension]}
            }
        )
    return VIDEO_TYPES[extension]


def _check_captions(captions: UploadedFile) -> None:
    """A WebVTT file: ``.vtt``, at most 2 MB, UTF-8 text starting with "WEBVTT"."""
    input_checks.upload(
        captions, field="captions", extensions=CAPTIONS_EXTENSIONS, max_bytes=MAX_CAPTIONS_BYTES
    )
    captions.seek(0)
    content = captions.read(MAX_CAPTIONS_BYTES + 1)
    captions.seek(0)
    if content.startswith(_BOM):
        content = content[len(_BOM) :]
    signature_ends = content[6:7]
    if not content.startswith(b"WEBVTT") or signature_ends not in (b"", b" ", b"\t", b"\n", b"\r"):
        raise ValidationError(
            {
                "captions": _(
                    "Captions must be a WebVTT file: its first line is “WEBVTT”. Please export "
                    "the captions as WebVTT (.vtt)."
                )
            }
        )
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            {"captions": _("Captions must be saved as UTF-8 text. Please export them again.")}
        ) from None


def _check_captions_language(code: str, seminar: Seminar) -> str:
    """A language of the platform by its code; the seminar's language when not given."""
    code = (code or "").strip().lower()
    if not code:
        return seminar.language.code
    if len(code) > MAX_LANGUAGE_CODE_LENGTH or not Language.objects.filter(code=code).exists():
        raise ValidationError(
            {"captions_language": _("Please choose the language of the captions from the list.")}
        )
    return code


def _require_may_change(actor: User, seminar: Seminar) -> None:
    refusal = attach_refusal(actor, seminar)
    if refusal is not None:
        raise PermissionDenied(refusal)


def _existing(seminar: Seminar) -> SeminarRecording:
    recording = SeminarRecording.objects.filter(seminar=seminar).first()
    if recording is None:
        raise ValidationError(_("This seminar has no recording yet: add one first."))
    recording.seminar = seminar
    return recording


def _delete_after_commit(storage, names: list[str]) -> None:
    """Delete stored files once the change that dropped them is committed."""
    for name in names:
        if name:
            transaction.on_commit(lambda name=name: storage.delete(name))


# --- the services ----------------------------------------------------------------------


def attach_recording(
    *,
    actor: User,
    seminar: Seminar,
    video: UploadedFile | None = None,
    link: str = "",
    captions: UploadedFile | None = None,
    captions_language: str = "",
) -> SeminarRecording:
    """Give the seminar its recording: an uploaded ``video`` (MP4, WebM or Ogg, at most
    ``OPENTWIN_MAX_VIDEO_MB``) or a ``link`` to a video service, with optional WebVTT
    ``captions`` for a video (in ``captions_language``, by default the seminar's).

    A recording the seminar has already is replaced (its old files are deleted after
    commit); it keeps its publication, so a published one shows the new version at once.
    Given captions only, a video recording keeps its video and takes the new captions.
    """
    seminar.refresh_from_db()
    _require_may_change(actor, seminar)
    current = recording_of(seminar)
    link = (link or "").strip()
    if video is not None and link:
        raise ValidationError({"link": _("Give either a video file or a link, not both.")})
    keeps_video = (
        video is None
        and not link
        and captions is not None
        and current is not None
        and current.kind == Kind.FILE
    )
    if video is None and not link and not keeps_video:
        raise ValidationError({"video": _("Please upload the video or give a link to it.")})
    content_type = _check_video(video) if video is not None else ""
    if link:
        link = input_checks.web_link(
            link, field="link", required=_("Please give a link to the recording.")
        )
        if captions is not None:
            raise ValidationError(
                {
                    "captions": _(
                        "Captions go with an uploaded video: a video service shows its own."
                    )
                }
            )
    language = ""
    if captions is not None:
        _check_captions(captions)
        language = _check_captions_language(captions_language, seminar)

    storage = SeminarRecording._meta.get_field("video").storage
    recording = current or SeminarRecording(seminar=seminar)
    old_files = [recording.video.name, recording.captions.name] if current else []
    saved: list[str] = []
    try:
        with transaction.atomic():
            recording.added_by = actor
            recording.added_at = timezone.now()
            if link:
                recording.kind, recording.link = Kind.LINK, link
                recording.video, recording.video_content_type, recording.video_size = "", "", 0
                recording.captions, recording.captions_language = "", ""
            else:
                recording.kind, recording.link = Kind.FILE, ""
                if video is not None:
                    extension = extension_of(input_checks.file_name(video))
                    recording.video.save(f"video.{extension}", video, save=False)
                    saved.append(recording.video.name)
                    recording.video_content_type = content_type
                    recording.video_size = video.size
                    if captions is None:
                        recording.captions, recording.captions_language = "", ""
                if captions is not None:
                    recording.captions.save("captions.vtt", captions, save=False)
                    saved.append(recording.captions.name)
                    recording.captions_language = language
            recording.save()
            kept = {recording.video.name, recording.captions.name}
            _delete_after_commit(storage, [name for name in old_files if name not in kept])
            audit.record(
                RECORDING_ATTACHED,
                actor=actor,
                target=seminar,
                kind=recording.kind,
                replaced=current is not None,
                size=recording.video_size,
                captions=bool(recording.captions),
            )
    except BaseException as error:
        for name in saved:
            storage.delete(name)
        if isinstance(error, IntegrityError):
            # Another organiser added a recording at the same instant: theirs stays.
            raise ValidationError(
                _("Someone has just added a recording to this seminar: please look again.")
            ) from None
        raise
    return recording


def publish_recording(*, actor: User, seminar: Seminar) -> SeminarRecording:
    """Make the recording visible to everyone. The first time, every registrant (a seated
    claim) is told, once: a later unpublish and publish tells nobody again."""
    seminar.refresh_from_db()
    _require_may_change(actor, seminar)
    recording = _existing(seminar)
    if seminar.published_at is None:
        raise ValidationError(
            _("Announce the seminar first: its recording is shown on the seminar's page.")
        )
    now = timezone.now()
    with transaction.atomic():
        if not SeminarRecording.objects.filter(pk=recording.pk, published_at__isnull=True).update(
            published_at=now
        ):
            raise ValidationError(_("The recording is published already."))
        recording.published_at = now
        # Conditional: the registrants are told once, whoever publishes first.
        first_time = bool(
            SeminarRecording.objects.filter(
                pk=recording.pk, registrants_notified_at__isnull=True
            ).update(registrants_notified_at=now)
        )
        told = list(queries.registrants(seminar)) if first_time else []
        if first_time:
            recording.registrants_notified_at = now
        audit.record(RECORDING_PUBLISHED, actor=actor, target=seminar, told=len(told))
        notify_people(
            told,
            kind=PUBLISHED_KIND,
            title=TITLE_PUBLISHED,
            body=BODY_PUBLISHED,
            params={"seminar": seminar.title, "start": local_moment(seminar.starts_at)},
            url=seminar.get_absolute_url(),
        )
    return recording


def unpublish_recording(*, actor: User, seminar: Seminar) -> SeminarRecording:
    """Hide the recording again: only the organisers see it (registrants are not told)."""
    seminar.refresh_from_db()
    _require_may_change(actor, seminar)
    recording = _existing(seminar)
    with transaction.atomic():
        if not SeminarRecording.objects.filter(pk=recording.pk, published_at__isnull=False).update(
            published_at=None
        ):
            raise ValidationError(_("The recording is not published."))
        recording.published_at = None
        audit.record(RECORDING_UNPUBLISHED, actor=actor, target=seminar)
    return recording


def remove_recording(*, actor: User, seminar: Seminar) -> None:
    """Remove the recording; its files are deleted once that is committed."""
    seminar.refresh_from_db()
    _require_may_change(actor, seminar)
    recording = _existing(seminar)
    storage = SeminarRecording._meta.get_field("video").storage
    with transaction.atomic():
        if not SeminarRecording.objects.filter(pk=recording.pk).delete()[0]:
            raise ValidationError(_("This seminar has no recording yet: add one first."))
        _delete_after_commit(storage, [recording.video.name, recording.captions.name])
        audit.record(
            RECORDING_REMOVED,
            actor=actor,
            target=seminar,
            kind=recording.kind,
            was_published=recording.published_at is not None,
        )

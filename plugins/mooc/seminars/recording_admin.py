"""The Wagtail admin screens of seminars' recordings (imported by the mooc wagtail_hooks).

"Seminar recordings" in the admin menu lists the seminars the person organises that
have started, with the state of each one's recording; a seminar's screen uploads a
video or gives a link, adds captions, publishes, unpublishes or removes the recording.
The forms only parse input: ``plugins.mooc.seminars.recordings`` checks the role, the
time and the files, stores, audits and notifies; its refusals show next to the fields.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core import input_checks
from core.models import Language
from plugins.mooc.models import Seminar, SeminarRecording
from plugins.mooc.seminars import recordings
from plugins.mooc.seminars.policy import access_for, manageable_seminars

SEMINARS_PER_PAGE = 50


class RecordingForm(forms.Form):
    """A video file or a link, and captions for a video. Checked by the service."""

    video = forms.FileField(
        label=gettext_lazy("Video file"),
        required=False,
        help_text=gettext_lazy(
            "MP4, WebM or Ogg. It plays on the seminar's page, where viewers can seek in it."
        ),
    )
    link = forms.CharField(
        label=gettext_lazy("Or a link to the video on a video service"),
        required=False,
        max_length=input_checks.MAX_LINK_LENGTH,
        help_text=gettext_lazy("An address starting with https:// (or http://)."),
    )
    captions = forms.FileField(
        label=gettext_lazy("Captions (WebVTT)"),
        required=False,
        help_text=gettext_lazy(
            "Optional, for an uploaded video: a .vtt file of at most 2 MB. Given alone, it "
            "replaces the captions of the video already uploaded."
        ),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publish it now and tell the registrants"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "Untick to check the recording first: it then stays private to the organisers "
            "until you publish it."
        ),
    )
    captions_language = forms.ChoiceField(
        label=gettext_lazy("Language of the captions"),
        required=False,
        help_text=gettext_lazy("Leave empty for the seminar's language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["captions_language"].choices = [
            ("", "—"),
            *Language.objects.order_by("name").values_list("code", "name"),
        ]


def _show_refusal(form: forms.Form, error: ValidationError | PermissionDenied) -> None:
    """The service's reason, next to its field when it names one of the form's."""
    fields = getattr(error, "error_dict", None)
    if fields and set(fields) <= set(form.fields):
        form.add_error(None, error)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error) or _("You may not do this."))


def _state_label(recording: SeminarRecording | None) -> tuple[str, str]:
    if recording is None:
        return "none", _("No recording yet")
    if recording.published_at is None:
        return "draft", _("Added, not published")
    return "published", _("Published")


def recording_index(request: HttpRequest) -> HttpResponse:
    """The seminars the person organises that have started, with their recording's state."""
    page = Paginator(recordings.started_seminars_of(request.user), SEMINARS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = []
    for seminar in page:
        recording = recordings.recording_of(seminar)
        state, label = _state_label(recording)
        rows.append(
            {
                "seminar": seminar,
                "recording": recording,
                "state": state,
                "state_label": label,
                "ended": seminar.phase() == Seminar.Phase.ENDED,
            }
        )
    return TemplateResponse(
        request,
        "mooc/seminars/recording_admin_index.html",
        {
            "page_title": _("Seminar recordings"),
            "header_icon": "media",
            "page": page,
            "rows": rows,
        },
    )


def _organised_seminar(request: HttpRequest, pk: int) -> Seminar:
    """The seminar, if the person organises it (others get 404, as for any unknown one)."""
    return get_object_or_404(
        manageable_seminars(request.user).select_related("recording", "language", "country"),
        pk=pk,
    )


def _publish_saved(request: HttpRequest, seminar: Seminar) -> None:
    """Publish a recording just saved, in the same step (registrants are told the first
    time); a refusal is shown, and the recording stays saved and private."""
    try:
        recordings.publish_recording(actor=request.user, seminar=seminar)
    except (ValidationError, PermissionDenied) as error:
        messages.warning(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, _("The recording of “%(seminar)s” is published.") % {"seminar": seminar.title}
        )


def recording_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A seminar's recording: add or replace it, then publish, unpublish or remove it."""
    seminar = _organised_seminar(request, pk)
    if request.method == "POST":
        form = RecordingForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                recordings.attach_recording(
                    actor=request.user,
                    seminar=seminar,
                    video=data["video"],
                    link=data["link"],
                    captions=data["captions"],
                    captions_language=data["captions_language"],
                )
            except (ValidationError, PermissionDenied) as error:
                _show_refusal(form, error)
            else:
                messages.success(
                    request,
                    _("The recording of “%(seminar)s” is saved.") % {"seminar": seminar.title},
                )
                if data["publish"]:
                    _publish_saved(request, seminar)
                return redirect("seminar_recordings_admin:edit", seminar.pk)
    elif request.method == "GET":
        form = RecordingForm()
    else:
        raise Http404
    seminar.refresh_from_db()
    recording = SeminarRecording.objects.filter(seminar=seminar).first()
    access = access_for(request.user, seminar)
    state, state_label = _state_label(recording)
    return TemplateResponse(
        request,
        "mooc/seminars/recording_admin_edit.html",
        {
            "page_title": _("Recording"),
            "page_subtitle": seminar.title,
            "header_icon": "media",
            "seminar": seminar,
            "recording": recording,
            "state": state,
            "state_label": state_label,
            "refusal": recordings.attach_refusal(request.user, seminar, access=access),
            "form": form,
            "video_url": recordings.video_url(seminar),
            "captions_url": recordings.captions_url(seminar),
        },
    )


def _change(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    seminar = _organised_seminar(request, pk)
    try:
        service(actor=request.user, seminar=seminar)
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(request, done % {"seminar": seminar.title})
    return redirect("seminar_recordings_admin:edit", seminar.pk)


@require_POST
def recording_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        recordings.publish_recording,
        _("The recording of “%(seminar)s” is published."),
    )


@require_POST
def recording_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        recordings.unpublish_recording,
        _("The recording of “%(seminar)s” is no longer published."),
    )


@require_POST
def recording_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        recordings.remove_recording,
        _("The recording of “%(seminar)s” is removed."),
    )


admin_urlpatterns = [
    path("", recording_index, name="index"),
    path("<id:pk>/", recording_edit, name="edit"),
    path("<id:pk>/publish/", recording_publish, name="publish"),
    path("<id:pk>/unpublish/", recording_unpublish, name="unpublish"),
    path("<id:pk>/remove/", recording_remove, name="remove"),
]


@hooks.register("register_admin_urls")
def register_recording_admin_urls():
    return [
        path(
            "seminar-recordings/",
            include(
                (admin_urlpatterns, "seminar_recordings_admin"),
                namespace="seminar_recordings_admin",
            ),
        )
    ]


class RecordingsMenuItem(MenuItem):
    """Shown to the people who organise seminars (NSS staff, CSS staff)."""

    def is_shown(self, request) -> bool:
        return manageable_seminars(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_recordings_menu_item():
    return RecordingsMenuItem(
        gettext_lazy("Seminar recordings"),
        reverse("seminar_recordings_admin:index"),
        name="seminar-recordings",
        icon_name="media",
        order=261,
    )

"""The participants' tools: materials, activities, discussions, the reflection journal
and the evaluation survey. Each page is open to the roles the policy names; the forms
that change something appear only while the phase allows them, otherwise the policy's
reason is shown instead."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.storage import private_file_response
from plugins.meetings import services
from plugins.meetings.forms import ReflectionForm, ReplyForm, SurveyForm, ThreadForm
from plugins.meetings.models import (
    Activity,
    Material,
    Meeting,
    Post,
    ReflectionEntry,
    SurveyResponse,
    Thread,
)
from plugins.meetings.policy import Action, MeetingAccess
from plugins.meetings.views.access import (
    error_text,
    has_role_for,
    meeting_context,
    meeting_view,
)

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 20
ENTRIES_PER_PAGE = 20
MATERIALS_PER_PAGE = 25


def _url(name: str, meeting: Meeting, *args) -> str:
    return reverse(name, args=[meeting.pk, *args])


# --- materials -------------------------------------------------------------------------


@meeting_view(Action.READ_MATERIALS)
def materials(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    page = Paginator(
        Material.objects.filter(meeting=meeting).defer("description"), MATERIALS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/materials.html",
        meeting_context(
            meeting,
            access,
            "meetings:materials",
            page=page,
            may_manage=access.can(Action.MANAGE),
        ),
    )


@meeting_view(Action.READ_MATERIALS)
def material_download(
    request: HttpRequest, meeting: Meeting, access: MeetingAccess, material_id: int
) -> HttpResponse:
    """Stream the private file to someone who may read the materials; never a public URL."""
    material = get_object_or_404(Material, meeting=meeting, pk=material_id)
    if not material.file:
        raise Http404
    return private_file_response(material.file, filename=material.file.name.rpartition("/")[2])


# --- activities ------------------------------------------------------------------------


@meeting_view(Action.READ_DISCUSSIONS)
def activities(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    return render(
        request,
        "meetings/activities.html",
        meeting_context(
            meeting,
            access,
            "meetings:activities",
            activities=list(Activity.objects.filter(meeting=meeting)),
            may_manage=access.can(Action.MANAGE),
            may_post=access.can(Action.POST),
        ),
    )


# --- discussions -----------------------------------------------------------------------


def _activities_of(meeting: Meeting):
    return Activity.objects.filter(meeting=meeting).only("pk", "title", "meeting_id")


@meeting_view(Action.READ_DISCUSSIONS)
def discussions(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    """The threads, the latest activity first; the form to start one while posting is open."""
    may_post = access.can(Action.POST)
    form = ThreadForm(request.POST or None, activities=_activities_of(meeting))
    if request.method == "POST":
        if not may_post:
            access.require(Action.POST)
        if form.is_valid():
            try:
                thread = services.start_thread(
                    actor=request.user,
                    meeting=meeting,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    activity=form.cleaned_data.get("activity"),
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("Your thread is open."))
                return redirect(_url("meetings:thread", meeting, thread.pk))
    threads = Thread.objects.filter(meeting=meeting).select_related("started_by", "activity")
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/discussions.html",
        meeting_context(
            meeting,
            access,
            "meetings:discussions",
            page=page,
            form=form,
            may_post=may_post,
            post_refusal=access.refusal(Action.POST),
        ),
        status=400 if request.method == "POST" else 200,
    )


@meeting_view(Action.READ_DISCUSSIONS)
def thread_detail(
    request: HttpRequest, meeting: Meeting, access: MeetingAccess, thread_id: int
) -> HttpResponse:
    """A thread's posts in order, and the reply form while posting is open."""
    thread = get_object_or_404(
        Thread.objects.select_related("activity"), meeting=meeting, pk=thread_id
    )
    may_post = access.can(Action.POST)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if not may_post:
            access.require(Action.POST)
        if form.is_valid():
            try:
                post = services.reply(
                    actor=request.user, thread=thread, body=form.cleaned_data["body"]
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("Your reply was posted."))
                last_page = Paginator(
                    Post.objects.filter(thread=thread).only("pk"), POSTS_PER_PAGE
                ).num_pages
                return redirect(
                    f"{_url('meetings:thread', meeting, thread.pk)}?page={last_page}#post-{post.pk}"
                )
    posts = Post.objects.filter(thread=thread).select_related("author")
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/thread.html",
        meeting_context(
            meeting,
            access,
            "meetings:discussions",
            thread=thread,
            page=page,
            form=form,
            may_post=may_post,
            post_refusal=access.refusal(Action.POST),
            may_moderate=access.can(Action.MODERATE),
        ),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@meeting_view(Action.MODERATE)
def post_remove(
    request: HttpRequest, meeting: Meeting, access: MeetingAccess, post_id: int
) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), meeting=meeting, pk=post_id)
    try:
        services.remove_post(actor=request.user, post=post)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The post was removed."))
    return redirect(_url("meetings:thread", meeting, post.thread_id))


# --- reflection journal ----------------------------------------------------------------


def _may_read_journals(access: MeetingAccess) -> bool:
    """Trainers (and organisers) read every participant's journal (see the model)."""
    return access.can(Action.SEE_PROGRESS)


@meeting_view()
def reflection(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    """A participant's own journal (the form during the reflection phase); trainers read
    every participant's entries."""
    reads_all = _may_read_journals(access)
    may_write = access.can(Action.WRITE_REFLECTION)
    is_participant = has_role_for(access, Action.WRITE_REFLECTION)
    if not (reads_all or is_participant):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        access.require(Action.WRITE_REFLECTION)
    form = ReflectionForm(request.POST or None)
    if request.method == "POST":
        if not may_write:
            access.require(Action.WRITE_REFLECTION)
        if form.is_valid():
            try:
                services.write_reflection(
                    actor=request.user, meeting=meeting, body=form.cleaned_data["body"]
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("Your reflection was saved in your journal."))
                return redirect(_url("meetings:reflection", meeting))
    entries = ReflectionEntry.objects.filter(meeting=meeting)
    if not reads_all:
        entries = entries.filter(author=request.user)
    entries = entries.select_related("author")
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/reflection.html",
        meeting_context(
            meeting,
            access,
            "meetings:reflection",
            page=page,
            form=form,
            reads_all=reads_all,
            may_write=may_write,
            write_refusal=access.refusal(Action.WRITE_REFLECTION) if is_participant else None,
        ),
        status=400 if request.method == "POST" else 200,
    )


@meeting_view(Action.WRITE_REFLECTION)
def reflection_edit(
    request: HttpRequest, meeting: Meeting, access: MeetingAccess, entry_id: int
) -> HttpResponse:
    """Change one of one's own entries, during the reflection phase."""
    entry = get_object_or_404(
        ReflectionEntry.objects.select_related("meeting"), meeting=meeting, pk=entry_id
    )
    if entry.author_id != request.user.pk:
        raise PermissionDenied(_("You can only edit your own reflection entries."))
    form = ReflectionForm(request.POST or None, initial={"body": entry.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_reflection(
                actor=request.user, entry=entry, body=form.cleaned_data["body"]
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Your reflection entry was saved."))
            return redirect(f"{_url('meetings:reflection', meeting)}#entry-{entry.pk}")
    return render(
        request,
        "meetings/reflection_form.html",
        meeting_context(meeting, access, "meetings:reflection", form=form, entry=entry),
        status=400 if request.method == "POST" else 200,
    )


# --- survey ----------------------------------------------------------------------------


@meeting_view(Action.ANSWER_SURVEY)
def survey(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    """The evaluation survey, answered once."""
    answered = SurveyResponse.objects.filter(meeting=meeting, user=request.user).exists()
    if request.method == "POST" and answered:
        messages.error(request, _("You have already answered the survey."))
        return redirect(_url("meetings:survey", meeting))
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(actor=request.user, meeting=meeting, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Thank you: your answers were recorded."))
            return redirect(_url("meetings:survey", meeting))
    return render(
        request,
        "meetings/survey.html",
        meeting_context(meeting, access, "meetings:survey", form=form, answered=answered),
        status=400 if request.method == "POST" else 200,
    )

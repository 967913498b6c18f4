"""The list of upcoming meetings, a meeting's announcement, registering and cancelling."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import seats
from plugins.meetings import queries, services
from plugins.meetings.forms import MeetingFilterForm
from plugins.meetings.models import Completion, Meeting, Post, ReflectionEntry
from plugins.meetings.policy import Action, MeetingAccess, Role, can_create_meetings
from plugins.meetings.views.access import (
    error_text,
    has_role_for,
    meeting_context,
    meeting_view,
    opens_section,
)

MEETINGS_PER_PAGE = 12

# What is done in each phase: the URL names of that phase's tools (each shown to those
# whose role opens it).
PHASE_TOOLS = {
    Meeting.State.REGISTRATION_OPEN: ("meetings:materials",),
    Meeting.State.ACTIVE: ("meetings:activities", "meetings:discussions", "meetings:materials"),
    Meeting.State.REFLECTION: ("meetings:reflection", "meetings:survey", "meetings:materials"),
    Meeting.State.CLOSED: ("meetings:survey", "meetings:materials"),
}


def meeting_list(request: HttpRequest) -> HttpResponse:
    """Upcoming meetings, soonest first, filtered by language and level."""
    form = MeetingFilterForm(request.GET or None)
    language = level = None
    if form.is_bound and form.is_valid():
        language = form.cleaned_data["language"]
        level = form.cleaned_data["level"]
    meetings = queries.upcoming_meetings(language=language, level=level).select_related("language")
    page = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(language or level),
            "may_create": request.user.is_authenticated and can_create_meetings(request.user),
        },
    )


def phase_length(starts_at, ends_at) -> str:
    """How long a phase lasts, in the reader's language, to the nearest hour ("5 days"):
    a phase switched by hand starts at an odd second, and "4 days, 23 hours" would mislead."""
    if starts_at is None or ends_at is None:
        return ""
    hours = round((ends_at - starts_at) / timedelta(hours=1))
    return timesince(starts_at, starts_at + timedelta(hours=max(hours, 1)), depth=2)


def _own_progress(meeting: Meeting, access: MeetingAccess) -> dict | None:
    """A participant's own standing against the completion rule (three small queries)."""
    if access.role != Role.PARTICIPANT:
        return None
    user = access.user
    return {
        "posts": Post.objects.filter(meeting=meeting, author=user, removed_at__isnull=True).count(),
        "reflections": ReflectionEntry.objects.filter(meeting=meeting, author=user).count(),
        "completion": Completion.objects.filter(meeting=meeting, user=user).first(),
    }


@meeting_view()
def meeting_detail(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    """The announcement: what, who, when; the phase and how long it lasts; registering
    (or why not); for participants and trainers the tools of the current phase."""
    phase = queries.phase_info(meeting)
    claim = access.claim
    waiting_position = (
        seats.waiting_position(claim)
        if claim is not None and claim.status == claim.Status.WAITING
        else None
    )
    tools = [name for name in PHASE_TOOLS.get(meeting.state, ()) if opens_section(access, name)]
    return render(
        request,
        "meetings/detail.html",
        meeting_context(
            meeting,
            access,
            "meetings:detail",
            phase=phase,
            phase_length=phase_length(phase.starts_at, phase.ends_at),
            levels=list(meeting.levels.all()),
            trainers=list(meeting.trainers.all()),
            may_register=access.can(Action.REGISTER),
            may_cancel=access.can(Action.CANCEL),
            register_refusal=access.refusal(Action.REGISTER),
            waiting_position=waiting_position,
            tools=tools,
            own=_own_progress(meeting, access),
            is_running_it=has_role_for(access, Action.MANAGE),
        ),
    )


@require_POST
@login_required
@meeting_view()
def meeting_register(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    try:
        claim = services.register(actor=request.user, meeting=meeting)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        if claim.status == claim.Status.SEATED:
            messages.success(request, _("You are registered for this meeting."))
        else:
            messages.info(
                request,
                _(
                    "The meeting is full: you are on the waiting list. You will be told "
                    "as soon as a seat is yours."
                ),
            )
    return redirect(meeting.get_absolute_url())


@require_POST
@login_required
@meeting_view()
def meeting_cancel(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    try:
        services.cancel_registration(actor=request.user, meeting=meeting)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your registration was cancelled."))
    return redirect(meeting.get_absolute_url())

"""The pages of the people who run a meeting: trainers and organisers create and edit
it, add activities and materials, publish it, switch its phase by hand, follow each
participant's progress and mark completion, and read the survey's results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.staff import countries_served_by, is_trainer
from plugins.meetings import queries, services
from plugins.meetings.forms import ActivityForm, MaterialForm, MeetingForm
from plugins.meetings.models import Activity, Material, Meeting
from plugins.meetings.policy import Action, MeetingAccess, creation_refusal
from plugins.meetings.views.access import error_text, meeting_context, meeting_view

PARTICIPANTS_PER_PAGE = 50


def _url(name: str, meeting: Meeting, *args) -> str:
    return reverse(name, args=[meeting.pk, *args])


def _countries_for(user) -> list[int] | None:
    """The countries the author may organise for: their NSS countries, or any."""
    return countries_served_by(user) or None


def next_state(meeting: Meeting) -> str | None:
    """The phase a trainer may switch the meeting to by hand (forward only)."""
    order = list(Meeting.ORDER)
    index = order.index(meeting.state)
    return order[index + 1] if index + 1 < len(order) else None


# --- creating and editing ------------------------------------------------------------


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    refusal = creation_refusal(request.user)
    if refusal:
        raise PermissionDenied(refusal)
    countries = _countries_for(request.user)
    initial = {"required_contributions": 1, "requires_reflection": True}
    if is_trainer(request.user):
        initial["trainers"] = [request.user.pk]
    form = MeetingForm(request.POST or None, countries=countries, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                _("The meeting was created as a draft. Publish it when it is ready."),
            )
            return redirect(_url("meetings:manage", meeting))
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": None},
        status=400 if request.method == "POST" else 200,
    )


@meeting_view(Action.MANAGE)
def meeting_edit(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    form = MeetingForm(
        request.POST or None,
        countries=_countries_for(request.user),
        initial=MeetingForm.initial_for(meeting),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(actor=request.user, meeting=meeting, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(_url("meetings:manage", meeting))
    return render(
        request,
        "meetings/meeting_form.html",
        meeting_context(meeting, access, "meetings:manage", form=form),
        status=400 if request.method == "POST" else 200,
    )


@meeting_view(Action.MANAGE)
def meeting_manage(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    """The trainer's page: the phase and its switch, publishing, activities, materials."""
    target = next_state(meeting)
    return render(
        request,
        "meetings/manage.html",
        meeting_context(
            meeting,
            access,
            "meetings:manage",
            phase=queries.phase_info(meeting),
            next_state=target,
            next_state_label=Meeting.State(target).label if target else "",
            activities=list(
                Activity.objects.filter(meeting=meeting).only("pk", "title", "meeting_id")
            ),
            materials=list(
                Material.objects.filter(meeting=meeting).only(
                    "pk", "title", "file", "link", "meeting_id"
                )
            ),
            seated=queries.participants(meeting).count(),
            waiting=queries.waiting_list(meeting).count(),
        ),
    )


@require_POST
@meeting_view(Action.MANAGE)
def meeting_publish(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    try:
        services.publish_meeting(actor=request.user, meeting=meeting)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The meeting is announced: its phases now follow their times."))
    return redirect(_url("meetings:manage", meeting))


@require_POST
@meeting_view(Action.MANAGE)
def meeting_switch_phase(
    request: HttpRequest, meeting: Meeting, access: MeetingAccess
) -> HttpResponse:
    target = request.POST.get("to", "")
    if target not in Meeting.State.values:
        messages.error(request, _("Choose the phase to switch to."))
        return redirect(_url("meetings:manage", meeting))
    try:
        meeting = services.switch_phase(actor=request.user, meeting=meeting, to=target)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The meeting is now in this phase: %(phase)s.")
            % {"phase": meeting.get_state_display()},
        )
    return redirect(_url("meetings:manage", meeting))


# --- activities and materials --------------------------------------------------------


@meeting_view(Action.MANAGE)
def activity_new(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_activity(actor=request.user, meeting=meeting, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The activity was added."))
            return redirect(_url("meetings:activities", meeting))
    return render(
        request,
        "meetings/activity_form.html",
        meeting_context(meeting, access, "meetings:activities", form=form, activity=None),
        status=400 if request.method == "POST" else 200,
    )


@meeting_view(Action.MANAGE)
def activity_edit(
    request: HttpRequest, meeting: Meeting, access: MeetingAccess, activity_id: int
) -> HttpResponse:
    activity = get_object_or_404(Activity, meeting=meeting, pk=activity_id)
    form = ActivityForm(
        request.POST or None,
        initial={"title": activity.title, "instructions": activity.instructions},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(actor=request.user, activity=activity, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(_url("meetings:activities", meeting))
    return render(
        request,
        "meetings/activity_form.html",
        meeting_context(meeting, access, "meetings:activities", form=form, activity=activity),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@meeting_view(Action.MANAGE)
def activity_delete(
    request: HttpRequest, meeting: Meeting, access: MeetingAccess, activity_id: int
) -> HttpResponse:
    activity = get_object_or_404(Activity, meeting=meeting, pk=activity_id)
    try:
        services.delete_activity(actor=request.user, activity=activity)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The activity was deleted."))
    return redirect(_url("meetings:manage", meeting))


@meeting_view(Action.MANAGE)
def material_new(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_material(
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                file=form.cleaned_data["file"] or None,
                link=form.cleaned_data["link"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The material was added."))
            return redirect(_url("meetings:materials", meeting))
    return render(
        request,
        "meetings/material_form.html",
        meeting_context(meeting, access, "meetings:materials", form=form),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@meeting_view(Action.MANAGE)
def material_delete(
    request: HttpRequest, meeting: Meeting, access: MeetingAccess, material_id: int
) -> HttpResponse:
    material = get_object_or_404(Material, meeting=meeting, pk=material_id)
    try:
        services.delete_material(actor=request.user, material=material)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The material was deleted."))
    return redirect(_url("meetings:materials", meeting))


# --- progress and survey results -------------------------------------------------------


@meeting_view(Action.SEE_PROGRESS)
def progress(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    """One row per participant: posts, reflections, completion, and the manual mark."""
    page = Paginator(queries.progress(meeting), PARTICIPANTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/progress.html",
        meeting_context(
            meeting,
            access,
            "meetings:progress",
            page=page,
            may_mark=access.can(Action.MARK_COMPLETION),
            mark_refusal=access.refusal(Action.MARK_COMPLETION),
            may_unmark=meeting.state != Meeting.State.CLOSED,
        ),
    )


def _participant(meeting: Meeting, request: HttpRequest):
    user_id = request.POST.get("user", "")
    if not user_id.isdigit() or len(user_id) > 19:
        return None
    return queries.participants(meeting).filter(pk=int(user_id)).first()


@require_POST
@meeting_view(Action.MARK_COMPLETION)
def completion_mark(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    user = _participant(meeting, request)
    if user is None:
        messages.error(request, _("Choose a participant of this meeting."))
        return redirect(_url("meetings:progress", meeting))
    try:
        if request.POST.get("completed") == "0":
            services.unmark_completed(actor=request.user, meeting=meeting, user=user)
            done = _("%(name)s is no longer marked as having completed the meeting.")
        else:
            services.mark_completed(actor=request.user, meeting=meeting, user=user)
            done = _("%(name)s is marked as having completed the meeting.")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done % {"name": user.display_name()})
    page = request.POST.get("page", "")
    query = f"?page={page}" if page.isdigit() and len(page) < 6 else ""
    return redirect(f"{_url('meetings:progress', meeting)}{query}")


@meeting_view(Action.SEE_SURVEY_RESULTS)
def survey_results(request: HttpRequest, meeting: Meeting, access: MeetingAccess) -> HttpResponse:
    results = queries.survey_results(meeting)
    labels = {
        "content": _("Content"),
        "trainers": _("Trainers"),
        "organisation": _("Organisation"),
        "usefulness": _("Usefulness for teaching"),
    }
    rows = [
        {"label": labels.get(key, key), "average": value} for key, value in results.averages.items()
    ]
    return render(
        request,
        "meetings/survey_results.html",
        meeting_context(meeting, access, "meetings:survey-results", results=results, rows=rows),
    )

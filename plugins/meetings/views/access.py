"""Loading a meeting for a view and checking the policy before the view runs."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plugins.meetings.models import Meeting
from plugins.meetings.policy import RIGHTS, Action, MeetingAccess, access_for


def error_text(error: ValidationError | PermissionDenied) -> str:
    """The user-facing reason a service gave for refusing."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You are not allowed to do this in this meeting.")


def has_role_for(access: MeetingAccess, action: Action) -> bool:
    """Whether the person's role may ever do ``action`` (whatever the phase): the
    sections a participant or a trainer sees, even when their tool is closed now."""
    return access.role in RIGHTS[action]


def meeting_view(action: Action = Action.VIEW) -> Callable:
    """Decorate a view taking ``(request, meeting, access, **kwargs)``: it runs only when
    the requester may do ``action`` in the meeting named by the URL's ``pk``.

    A meeting the person may not even see answers 404 (drafts are not announced);
    visitors are asked to log in; anyone else gets a 403 with the policy's reason.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, pk: int, **kwargs) -> HttpResponse:
            meeting = get_object_or_404(Meeting.objects.select_related("language"), pk=pk)
            access = access_for(request.user, meeting)
            if not access.can(Action.VIEW):
                raise Http404
            if not access.can(action):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                access.require(action)
            return view(request, meeting=meeting, access=access, **kwargs)

        return wrapper

    return decorator


# The sections of a meeting, in the order of the tabs: (URL name, label, the action
# whose role may open it).
SECTIONS = (
    ("meetings:detail", gettext_lazy("Announcement"), Action.VIEW),
    ("meetings:materials", gettext_lazy("Materials"), Action.READ_MATERIALS),
    ("meetings:activities", gettext_lazy("Activities"), Action.READ_DISCUSSIONS),
    ("meetings:discussions", gettext_lazy("Discussions"), Action.READ_DISCUSSIONS),
    ("meetings:reflection", gettext_lazy("Reflection journal"), Action.WRITE_REFLECTION),
    ("meetings:survey", gettext_lazy("Survey"), Action.ANSWER_SURVEY),
    ("meetings:progress", gettext_lazy("Progress"), Action.SEE_PROGRESS),
    ("meetings:survey-results", gettext_lazy("Survey results"), Action.SEE_SURVEY_RESULTS),
    ("meetings:manage", gettext_lazy("Manage"), Action.MANAGE),
)


def opens_section(access: MeetingAccess, name: str) -> bool:
    """Whether this person's role opens the section named ``name`` (in some phase)."""
    action = next(action for section, _label, action in SECTIONS if section == name)
    # Trainers read every journal: their tab opens the participants' entries.
    if name == "meetings:reflection" and has_role_for(access, Action.SEE_PROGRESS):
        return True
    return has_role_for(access, action)


def section_tabs(meeting: Meeting, access: MeetingAccess, current: str) -> list[dict]:
    """The tabs of the sections this person's role opens (none for a visitor: the
    announcement is all there is)."""
    items = []
    for name, label, _action in SECTIONS:
        if opens_section(access, name):
            url = reverse(name, args=[meeting.pk])
            items.append({"label": label, "url": url, "current": name == current})
    return items if len(items) > 1 else []


def meeting_context(meeting: Meeting, access: MeetingAccess, current: str, **extra) -> dict:
    """What every page of a meeting shows around its own content."""
    titles = {name: label for name, label, _action in SECTIONS}
    return {
        "meeting": meeting,
        "access": access,
        "tabs": section_tabs(meeting, access, current),
        # The breadcrumb's last entry; the announcement is the meeting itself.
        "section_title": "" if current == "meetings:detail" else titles.get(current, ""),
        **extra,
    }

"""The calendar's pages: "My calendar", one item's .ics, and the personal feed."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST, require_safe

from core import calendar

# Past items stay on "My calendar" this long after they end.
RECENT_PAST = timedelta(days=30)

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar_owner(request: HttpRequest):
    refusal = calendar.calendar_refusal(request.user)
    if refusal:
        raise PermissionDenied(refusal)
    return request.user


def _ics_response(content: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_CONTENT_TYPE)
    # Someone's own items: never kept by a shared cache.
    response["Cache-Control"] = "private"
    if filename:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    user = _calendar_owner(request)
    now = timezone.now()
    events = [
        event for event in calendar.calendar_events(user) if event.ends_at >= now - RECENT_PAST
    ]
    items = [{"event": event, "ics_url": calendar.event_ics_url(event.uid)} for event in events]
    return render(
        request,
        "core/calendar/calendar.html",
        {
            "upcoming": [item for item in items if item["event"].ends_at >= now],
            # The latest first: what just happened is what one looks for.
            "past": [item for item in reversed(items) if item["event"].ends_at < now],
            "feed_url": calendar.feed_url(user),
        },
    )


@login_required
@require_POST
def regenerate_feed(request: HttpRequest) -> HttpResponse:
    user = _calendar_owner(request)
    calendar.regenerate_feed(actor=user)
    messages.success(
        request,
        _(
            "Your calendar has a new address. The old address no longer works: add the new "
            "one to your calendar applications."
        ),
    )
    return redirect("core:calendar")


@login_required
@require_safe
def item_ics(request: HttpRequest, uid: str) -> HttpResponse:
    user = _calendar_owner(request)
    event = calendar.event_for(user, uid)
    if event is None:
        raise Http404(_("This item is not in your calendar."))
    content = calendar.ics_bytes([event], name=event.title)
    return _ics_response(content, filename=calendar.ics_filename(uid))


@require_safe
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    # The token is the credential: no login, no session, nothing said about why it failed.
    owner = calendar.feed_owner(token)
    if owner is None:
        raise Http404
    with override(owner.language or None):
        content = calendar.ics_bytes(calendar.calendar_events(owner), name=calendar.calendar_name())
    return _ics_response(content)

"""What the meetings plugin holds about one person, for export and erasure (the privacy hook).

Erasure keeps what others need and takes away what is the person's own:
- a live registration for a meeting not yet closed is cancelled through the service, so
  the first person waiting takes the seat and is told (the claims of past meetings stay,
  pointing at the anonymous account: they are the meeting's attendance, not a profile);
- the private reflection journal and the completions go;
- survey answers stay for the counts and averages but lose their link to the person and
  their free comment, which may name its author;
- posts and threads stay in the discussions as "former participant" (no author), and the
  person leaves the trainers of every meeting; what they created or marked keeps no
  link to them.
Safe to run twice.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.models import SeatClaim, User
from plugins.meetings import services
from plugins.meetings.models import (
    Activity,
    Completion,
    Material,
    Meeting,
    Post,
    ReflectionEntry,
    SurveyResponse,
    Thread,
)


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _claims(user: User):
    """The person's claims on meetings' seat offers, with their meetings by offer id."""
    claims = list(
        SeatClaim.objects.filter(user=user, offer__key__startswith="meetings.meeting:").order_by(
            "created_at", "pk"
        )
    )
    meetings = Meeting.objects.filter(seat_offer__in={claim.offer_id for claim in claims})
    by_offer = {meeting.seat_offer_id: meeting for meeting in meetings}
    return [(claim, by_offer.get(claim.offer_id)) for claim in claims]


# --- export ---------------------------------------------------------------------------------


def export_meetings_data(user: User) -> dict[str, Any]:
    """Everything the meetings plugin holds about ``user`` and everything they wrote."""
    return {
        "registrations": [
            {
                "meeting": meeting.title if meeting else None,
                "status": claim.status,
                "registered": _when(claim.created_at),
                "seated": _when(claim.seated_at),
                "cancelled": _when(claim.cancelled_at),
            }
            for claim, meeting in _claims(user)
        ],
        "meetings_trained": [
            {"meeting": meeting.title, "active_phase_starts": _when(meeting.active_starts_at)}
            for meeting in Meeting.objects.filter(trainers=user)
        ],
        "threads_started": [
            {"meeting": t.meeting.title, "title": t.title, "started": _when(t.created_at)}
            for t in Thread.objects.filter(started_by=user).select_related("meeting")
        ],
        "posts": [
            {
                "meeting": p.meeting.title,
                "thread": p.thread.title,
                "body": p.body,
                "posted": _when(p.created_at),
                "edited": _when(p.edited_at),
                "removed": _when(p.removed_at),
            }
            for p in Post.objects.filter(author=user).select_related("meeting", "thread")
        ],
        "reflections": [
            {
                "meeting": e.meeting.title,
                "activity": e.activity.title if e.activity_id else None,
                "body": e.body,
                "written": _when(e.created_at),
                "updated": _when(e.updated_at),
            }
            for e in ReflectionEntry.objects.filter(author=user).select_related(
                "meeting", "activity"
            )
        ],
        "completions": [
            {"meeting": c.meeting.title, "reason": c.reason, "recorded": _when(c.created_at)}
            for c in Completion.objects.filter(user=user).select_related("meeting")
        ],
        "survey_responses": [
            {
                "meeting": s.meeting.title,
                "content": s.content,
                "trainers": s.trainers,
                "organisation": s.organisation,
                "usefulness": s.usefulness,
                "comment": s.comment,
                "answered": _when(s.created_at),
            }
            for s in SurveyResponse.objects.filter(user=user).select_related("meeting")
        ],
        "materials_added": [
            {"meeting": m.meeting.title, "title": m.title, "added": _when(m.created_at)}
            for m in Material.objects.filter(added_by=user).select_related("meeting")
        ],
    }


# --- erasure --------------------------------------------------------------------------------


def erase_meetings_data(user: User) -> None:
    """Erase ``user``'s meetings data as the module's docstring says. Safe to run twice."""
    with transaction.atomic():
        _cancel_live_registrations(user)
        ReflectionEntry.objects.filter(author=user).delete()
        Completion.objects.filter(user=user).delete()
        SurveyResponse.objects.filter(user=user).update(user=None, comment="")
        Post.objects.filter(author=user).update(author=None)
        Post.objects.filter(removed_by=user).update(removed_by=None)
        Thread.objects.filter(started_by=user).update(started_by=None)
        Completion.objects.filter(marked_by=user).update(marked_by=None)
        Material.objects.filter(added_by=user).update(added_by=None)
        Activity.objects.filter(created_by=user).update(created_by=None)
        Meeting.objects.filter(created_by=user).update(created_by=None)
        Meeting.trainers.through.objects.filter(user=user).delete()


def _cancel_live_registrations(user: User) -> None:
    """Free the person's seats and waiting places in meetings that have not closed."""
    for claim, meeting in _claims(user):
        if claim.status not in SeatClaim.LIVE_STATUSES or meeting is None:
            continue
        if meeting.state == Meeting.State.CLOSED:
            continue
        try:
            services.cancel_registration(actor=user, meeting=meeting)
        except (PermissionDenied, ValidationError):
            # The meeting's rules refuse a cancellation now (its active phase has begun):
            # the seat is part of the meeting's attendance and stays, without a name.
            continue

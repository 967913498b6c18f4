"""Hook implementations of the meetings plugin's domain: its scheduled task, its
notification kinds and the meetings' phases in people's calendars (see docs/hooks.md)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from core.contrib import CalendarEvent, NotificationKind, ScheduledTask
from core.models import SeatClaim
from core.plugins import hookimpl
from plugins.meetings import notifications, queries
from plugins.meetings.models import Meeting


@hookimpl
def register_scheduled_tasks() -> list[ScheduledTask]:
    return [
        ScheduledTask(
            name="meetings.advance_phases",
            func="plugins.meetings.tasks.advance_meeting_phases",
            minutes=1,
            description="Switch teaching meetings to their next phase when it is due.",
        )
    ]


@hookimpl
def register_notification_kinds() -> list[NotificationKind]:
    return list(notifications.KINDS)


def _item(meeting: Meeting, phase: str, starts_at, ends_at, title: str) -> CalendarEvent:
    return CalendarEvent(
        uid=notifications.calendar_uid(meeting, phase),
        title=title % {"meeting": meeting.title},
        starts_at=starts_at,
        ends_at=ends_at,
        url=meeting.get_absolute_url(),
        description=meeting.topic,
    )


@hookimpl
def register_calendar_events(user: AbstractBaseUser) -> list[CalendarEvent]:
    """The active and reflection phases of the meetings ``user`` has a seat in or trains,
    and, for trainers, the registration window."""
    if not user.is_authenticated:
        return []
    seated = SeatClaim.objects.filter(
        offer_id=OuterRef("seat_offer_id"), user_id=user.pk, status=SeatClaim.Status.SEATED
    )
    trained = Meeting.trainers.through.objects.filter(meeting_id=OuterRef("pk"), user_id=user.pk)
    meetings = (
        queries.meetings_of(user)
        .filter(published_at__isnull=False)
        .annotate(is_seated=Exists(seated), is_trainer=Exists(trained))
    )
    events: list[CalendarEvent] = []
    for meeting in meetings:
        if not (meeting.is_seated or meeting.is_trainer):
            continue
        if meeting.is_trainer:
            events.append(
                _item(
                    meeting,
                    Meeting.State.REGISTRATION_OPEN,
                    meeting.registration_opens_at,
                    meeting.registration_closes_at,
                    _("“%(meeting)s”: registration"),
                )
            )
        events.append(
            _item(
                meeting,
                Meeting.State.ACTIVE,
                meeting.active_starts_at,
                meeting.reflection_starts_at,
                _("“%(meeting)s”: active phase"),
            )
        )
        events.append(
            _item(
                meeting,
                Meeting.State.REFLECTION,
                meeting.reflection_starts_at,
                meeting.closes_at,
                _("“%(meeting)s”: reflection phase"),
            )
        )
    return events

"""What the meetings plugin tells people: its notification kinds and their messages.

Titles and bodies are marked with ``gettext_noop`` and translated per recipient by
``core.notifications.notify_people``. Titles name the meeting, never a person. Each
message about a phase carries the phase's calendar item (its e-mail then holds the .ics).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.contrib import NotificationKind
from core.notifications import local_date, notify_people
from plugins.meetings.models import Meeting

REGISTERED = "meetings.registered"
WAITING = "meetings.waiting"
PROMOTED = "meetings.promoted"
PHASE_OPENED = "meetings.phase_opened"
COMPLETED = "meetings.completed"
CANCELLED = "meetings.cancelled"

KINDS = [
    NotificationKind(REGISTERED, _("Your registration for a teaching meeting is confirmed")),
    NotificationKind(WAITING, _("You are on the waiting list of a teaching meeting")),
    NotificationKind(PROMOTED, _("A seat in a teaching meeting became free for you")),
    NotificationKind(PHASE_OPENED, _("A phase of your teaching meeting begins")),
    NotificationKind(COMPLETED, _("You completed a teaching meeting")),
    NotificationKind(
        CANCELLED,
        _("Your registration for a teaching meeting was cancelled"),
        email_by_default=False,
    ),
]

TITLE_REGISTERED = gettext_noop("You are registered for the meeting “%(meeting)s”")
BODY_REGISTERED = gettext_noop(
    "Your seat in the teaching meeting “%(meeting)s” is confirmed. The active phase starts "
    "on %(active)s and the reflection phase on %(reflection)s; the materials are open to "
    "you already."
)
TITLE_WAITING = gettext_noop("You are on the waiting list of the meeting “%(meeting)s”")
BODY_WAITING = gettext_noop(
    "All seats of the teaching meeting “%(meeting)s” are taken: you are number "
    "%(position)s on its waiting list. You will be told at once when a seat is free for you."
)
TITLE_PROMOTED = gettext_noop("A seat is free for you in the meeting “%(meeting)s”")
BODY_PROMOTED = gettext_noop(
    "A seat became free in the teaching meeting “%(meeting)s” and it is yours: you are "
    "registered. The active phase starts on %(active)s."
)
TITLE_CANCELLED = gettext_noop("Your registration for the meeting “%(meeting)s” is cancelled")
BODY_CANCELLED = gettext_noop(
    "You are no longer registered for the teaching meeting “%(meeting)s”. You can register "
    "again while its registration is open."
)
TITLE_COMPLETED = gettext_noop("You completed the meeting “%(meeting)s”")
BODY_COMPLETED = gettext_noop(
    "Congratulations: you completed the teaching meeting “%(meeting)s”. It is recorded "
    "on the meeting's page."
)

# One title and body per phase that opens.
PHASE_MESSAGES = {
    Meeting.State.REGISTRATION_OPEN: (
        gettext_noop("Registration is open for the meeting “%(meeting)s”"),
        gettext_noop(
            "Teachers can now register for the teaching meeting “%(meeting)s”, until %(until)s."
        ),
    ),
    Meeting.State.ACTIVE: (
        gettext_noop("The active phase of the meeting “%(meeting)s” has begun"),
        gettext_noop(
            "The active phase of “%(meeting)s” has begun: work on the activities and take "
            "part in the discussions until %(until)s."
        ),
    ),
    Meeting.State.REFLECTION: (
        gettext_noop("The reflection phase of the meeting “%(meeting)s” has begun"),
        gettext_noop(
            "The discussions of “%(meeting)s” are closed. Write your reflection entries and "
            "answer the evaluation survey until %(until)s."
        ),
    ),
    Meeting.State.CLOSED: (
        gettext_noop("The meeting “%(meeting)s” is closed"),
        gettext_noop("The teaching meeting “%(meeting)s” is over. Its materials stay open to you."),
    ),
}


def calendar_uid(meeting: Meeting, phase: str) -> str:
    """The uid of a phase's item in people's calendars (see ``hooks.register_calendar_events``)."""
    return f"meetings.meeting-{meeting.pk}.{phase}"


def _params(meeting: Meeting, **extra) -> dict[str, object]:
    return {
        "meeting": meeting.title,
        "active": local_date(meeting.active_starts_at),
        "reflection": local_date(meeting.reflection_starts_at),
        **extra,
    }


def notify_registered(meeting: Meeting, user, *, promoted: bool = False) -> None:
    """Confirm a seat (taken, or given from the waiting list)."""
    notify_people(
        [user],
        kind=PROMOTED if promoted else REGISTERED,
        title=TITLE_PROMOTED if promoted else TITLE_REGISTERED,
        body=BODY_PROMOTED if promoted else BODY_REGISTERED,
        params=_params(meeting),
        url=meeting.get_absolute_url(),
        calendar_uid=calendar_uid(meeting, Meeting.State.ACTIVE),
    )


def notify_waiting(meeting: Meeting, user, *, position: int) -> None:
    """Tell someone their place on the waiting list."""
    notify_people(
        [user],
        kind=WAITING,
        title=TITLE_WAITING,
        body=BODY_WAITING,
        params=_params(meeting, position=position),
        url=meeting.get_absolute_url(),
    )


def notify_cancelled(meeting: Meeting, user) -> None:
    """Confirm that a registration (or a place in line) is cancelled."""
    notify_people(
        [user],
        kind=CANCELLED,
        title=TITLE_CANCELLED,
        body=BODY_CANCELLED,
        params=_params(meeting),
        url=meeting.get_absolute_url(),
    )


def notify_phase_opened(meeting: Meeting, people: Iterable, phase: str) -> None:
    """Tell ``people`` that ``phase`` has begun (its calendar item goes with it)."""
    title, body = PHASE_MESSAGES[phase]
    ends = {
        Meeting.State.REGISTRATION_OPEN: meeting.registration_closes_at,
        Meeting.State.ACTIVE: meeting.reflection_starts_at,
        Meeting.State.REFLECTION: meeting.closes_at,
    }.get(phase)
    has_item = phase in (Meeting.State.ACTIVE, Meeting.State.REFLECTION)
    notify_people(
        people,
        kind=PHASE_OPENED,
        title=title,
        body=body,
        params=_params(meeting, until=local_date(ends) if ends else ""),
        url=meeting.get_absolute_url(),
        calendar_uid=calendar_uid(meeting, phase) if has_item else "",
    )


def notify_completed(meeting: Meeting, users: Iterable) -> None:
    """Tell participants they completed the meeting."""
    notify_people(
        users,
        kind=COMPLETED,
        title=TITLE_COMPLETED,
        body=BODY_COMPLETED,
        params=_params(meeting),
        url=meeting.get_absolute_url(),
    )

"""What the seminars tell people: their notification kinds and their messages.

Titles and bodies are marked with ``gettext_noop`` and translated per recipient by
``core.notifications.notify_people``; times are written in the reader's language. Titles
name the seminar, never a person. Messages about the seminar's time carry its calendar
item (:func:`calendar_uid`), so their e-mail holds the ``.ics``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.contrib import NotificationKind
from core.dates import format_when
from core.notifications import notify_people
from plugins.mooc.models import Seminar

REGISTERED = "mooc.seminar_registered"
WAITING = "mooc.seminar_waiting"
PROMOTED = "mooc.seminar_promoted"
CANCELLED = "mooc.seminar_cancelled"
REMINDER = "mooc.seminar_reminder"
REGISTRATION_OPEN = "mooc.seminar_registration_open"

KINDS = [
    NotificationKind(REGISTERED, _("Your registration for an online seminar is confirmed")),
    NotificationKind(WAITING, _("You are on the waiting list of an online seminar")),
    NotificationKind(PROMOTED, _("A seat in an online seminar became free for you")),
    NotificationKind(CANCELLED, _("An online seminar you registered for was cancelled")),
    NotificationKind(REMINDER, _("Reminders of the online seminars you registered for")),
    NotificationKind(
        REGISTRATION_OPEN, _("Registration opens for an online seminar you asked about")
    ),
]

TITLE_REGISTERED = gettext_noop("You are registered for the seminar “%(seminar)s”")
BODY_REGISTERED = gettext_noop(
    "Your seat in the online seminar “%(seminar)s” on %(start)s is confirmed. The live link "
    "appears on the seminar's page shortly before it starts."
)
TITLE_WAITING = gettext_noop("You are on the waiting list of the seminar “%(seminar)s”")
BODY_WAITING = gettext_noop(
    "All seats of the online seminar “%(seminar)s” are taken: you are number %(position)s "
    "on its waiting list. You will be told at once when a seat is free for you."
)
TITLE_PROMOTED = gettext_noop("A seat is free for you in the seminar “%(seminar)s”")
BODY_PROMOTED = gettext_noop(
    "A seat became free in the online seminar “%(seminar)s” and it is yours: you are "
    "registered. It starts on %(start)s."
)
TITLE_CANCELLED = gettext_noop("The seminar “%(seminar)s” is cancelled")
BODY_CANCELLED = gettext_noop(
    "The organisers cancelled the online seminar “%(seminar)s” planned for %(start)s. "
    "Their reason: %(reason)s"
)
TITLE_DAY_REMINDER = gettext_noop("Tomorrow: the seminar “%(seminar)s”")
TITLE_HOUR_REMINDER = gettext_noop("In an hour: the seminar “%(seminar)s”")
BODY_REMINDER = gettext_noop(
    "The online seminar “%(seminar)s” starts on %(start)s. Join it from its page: the live "
    "link appears there shortly before the start."
)
TITLE_REGISTRATION_OPEN = gettext_noop("Registration is open for the seminar “%(seminar)s”")
BODY_REGISTRATION_OPEN = gettext_noop(
    "You asked to be told: registration for the online seminar “%(seminar)s” on %(start)s "
    "is open now, while seats last."
)

# A moment written in the language active when the message is put together (the reader's).
local_moment = lazy(format_when, str)


def calendar_uid(seminar: Seminar) -> str:
    """The uid of the seminar's item in people's calendars."""
    return f"mooc.seminar-{seminar.pk}"


def _params(seminar: Seminar, **extra) -> dict[str, object]:
    return {"seminar": seminar.title, "start": local_moment(seminar.starts_at), **extra}


def notify_registered(seminar: Seminar, user, *, promoted: bool = False) -> None:
    """Confirm a seat (taken, or given from the waiting list), with the calendar item."""
    notify_people(
        [user],
        kind=PROMOTED if promoted else REGISTERED,
        title=TITLE_PROMOTED if promoted else TITLE_REGISTERED,
        body=BODY_PROMOTED if promoted else BODY_REGISTERED,
        params=_params(seminar),
        url=seminar.get_absolute_url(),
        calendar_uid=calendar_uid(seminar),
    )


def notify_waiting(seminar: Seminar, user, *, position: int | None) -> None:
    """Tell someone their place on the waiting list."""
    notify_people(
        [user],
        kind=WAITING,
        title=TITLE_WAITING,
        body=BODY_WAITING,
        params=_params(seminar, position=position or 0),
        url=seminar.get_absolute_url(),
    )


def notify_cancelled(seminar: Seminar, people: Iterable) -> None:
    """Tell registrants and those waiting that the organisers cancelled the seminar."""
    notify_people(
        people,
        kind=CANCELLED,
        title=TITLE_CANCELLED,
        body=BODY_CANCELLED,
        params=_params(seminar, reason=seminar.cancellation_reason),
        url=seminar.get_absolute_url(),
    )


def notify_reminder(seminar: Seminar, people: Iterable, *, day_before: bool) -> None:
    """Remind registrants the day before or an hour before (the calendar item goes with it)."""
    notify_people(
        people,
        kind=REMINDER,
        title=TITLE_DAY_REMINDER if day_before else TITLE_HOUR_REMINDER,
        body=BODY_REMINDER,
        params=_params(seminar),
        url=seminar.get_absolute_url(),
        calendar_uid=calendar_uid(seminar),
    )


def notify_registration_open(seminar: Seminar, people: Iterable) -> None:
    """Tell those who asked that registration is open."""
    notify_people(
        people,
        kind=REGISTRATION_OPEN,
        title=TITLE_REGISTRATION_OPEN,
        body=BODY_REGISTRATION_OPEN,
        params=_params(seminar),
        url=seminar.get_absolute_url(),
    )

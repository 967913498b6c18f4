"""What calls for events tell people: their notification kinds and messages.

Titles and bodies are marked with ``gettext_noop`` and translated per recipient by
``core.notifications.notify_people``; titles name the call, never a person. The
messages about a place carry the event's calendar item (its e-mail then holds the .ics).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.contrib import NotificationKind
from core.notifications import local_date, notify_people
from plugins.mooc.models.calls import Application, EventCall

RECEIVED = "mooc.call_application_received"
SELECTED = "mooc.call_selected"
WAITING = "mooc.call_waiting_list"
NOT_SELECTED = "mooc.call_not_selected"
PROMOTED = "mooc.call_promoted"

KINDS = [
    NotificationKind(RECEIVED, _("Your application to a call for an event is received")),
    NotificationKind(SELECTED, _("You are selected for an event")),
    NotificationKind(WAITING, _("You are on the waiting list of an event")),
    NotificationKind(NOT_SELECTED, _("You are not selected for an event")),
    NotificationKind(PROMOTED, _("A place at an event became free for you")),
]

TITLE_RECEIVED = gettext_noop("Your application to “%(call)s” is received")
BODY_RECEIVED = gettext_noop(
    "Your application to “%(call)s” is received. Your National Support Service selects "
    "its country's participants after applications close on %(close)s; you will be told "
    "the result. You can edit or withdraw your application until then."
)
TITLE_SELECTED = gettext_noop("You are selected for “%(call)s”")
BODY_SELECTED = gettext_noop(
    "Congratulations: your National Support Service selected you for “%(call)s”, in "
    "%(venue)s from %(start)s to %(end)s. If you cannot come, withdraw your application "
    "on the call's page so that the next on the waiting list gets your place."
)
TITLE_WAITING = gettext_noop("You are on the waiting list of “%(call)s”")
BODY_WAITING = gettext_noop(
    "All the places of your country for “%(call)s” are taken: you are number %(position)s "
    "on its waiting list. You will be told at once if a place becomes free for you."
)
TITLE_NOT_SELECTED = gettext_noop("You are not selected for “%(call)s”")
BODY_NOT_SELECTED = gettext_noop(
    "Thank you for applying to “%(call)s”. Your National Support Service could not give "
    "you one of its places this time."
)
TITLE_PROMOTED = gettext_noop("A place at “%(call)s” is yours")
BODY_PROMOTED = gettext_noop(
    "A place of your country at “%(call)s” became free and it is yours: you are selected. "
    "The event is in %(venue)s from %(start)s to %(end)s."
)


def calendar_uid(call: EventCall) -> str:
    """The uid of the event in a selected applicant's calendar."""
    return f"mooc.call-{call.pk}.event"


def _params(call: EventCall, **extra) -> dict[str, object]:
    return {
        "call": call.title,
        "venue": call.venue,
        "start": local_date(call.event_starts_at),
        "end": local_date(call.event_ends_at),
        "close": local_date(call.applications_close_at),
        **extra,
    }


def notify_received(application: Application) -> None:
    call = application.call
    notify_people(
        [application.applicant],
        kind=RECEIVED,
        title=TITLE_RECEIVED,
        body=BODY_RECEIVED,
        params=_params(call),
        url=call.get_absolute_url(),
    )


def notify_result(application: Application, *, position: int | None = None) -> None:
    """Tell an applicant the NSS's decision: selected, waiting (at ``position``) or not."""
    call = application.call
    status = application.status
    if status == Application.Status.SELECTED:
        kind, title, body, uid = SELECTED, TITLE_SELECTED, BODY_SELECTED, calendar_uid(call)
    elif status == Application.Status.WAITING:
        kind, title, body, uid = WAITING, TITLE_WAITING, BODY_WAITING, ""
    else:
        kind, title, body, uid = NOT_SELECTED, TITLE_NOT_SELECTED, BODY_NOT_SELECTED, ""
    notify_people(
        [application.applicant],
        kind=kind,
        title=title,
        body=body,
        params=_params(call, position=position or ""),
        url=call.get_absolute_url(),
        calendar_uid=uid,
    )


def notify_promoted(application: Application) -> None:
    call = application.call
    notify_people(
        [application.applicant],
        kind=PROMOTED,
        title=TITLE_PROMOTED,
        body=BODY_PROMOTED,
        params=_params(call),
        url=call.get_absolute_url(),
        calendar_uid=calendar_uid(call),
    )

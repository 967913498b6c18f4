"""Calls for events for the tests, made through the calls' services.

The CSS creates a call, gives countries their places and publishes it; teachers apply
through ``apply``; time moves with time-machine along a fixed timeline.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.models import Country, User
from plugins.mooc.calls import services
from plugins.mooc.models.calls import Application, EventCall
from tests.factories.meetings import css, nss, staff, teacher, unvalidated_teacher
from tests.factories.twinspace import teacher_in

__all__ = [
    "CLOSES",
    "EVENT",
    "OPENS",
    "T0",
    "css",
    "make_call",
    "nss",
    "staff",
    "teacher",
    "teacher_in",
    "unvalidated_teacher",
]

# The call is made at T0; applications open a day later for two weeks; the event is a
# month after they close and lasts two days.
T0 = datetime(2027, 5, 3, 9, 0, tzinfo=UTC)
OPENS = T0 + timedelta(days=1)
CLOSES = OPENS + timedelta(days=14)
EVENT = CLOSES + timedelta(days=30)
EVENT_ENDS = EVENT + timedelta(days=2)


def call_fields(**fields) -> dict:
    values = {
        "kind": EventCall.Kind.WORKSHOP,
        "title": "Inclusive projects workshop",
        "description": "<p>Two days on projects that include every pupil.</p>",
        "venue": "Lisbon",
        "applications_open_at": OPENS,
        "applications_close_at": CLOSES,
        "event_starts_at": EVENT,
        "event_ends_at": EVENT_ENDS,
    }
    values.update(fields)
    return values


def make_call(
    organiser: User,
    *,
    quotas: dict[str, int] | None = None,
    publish: bool = True,
    **fields,
) -> EventCall:
    """A call created by ``organiser`` (CSS), with ``quotas`` (country code → places;
    default Spain 2, France 1), published unless told otherwise."""
    call = services.create_call(actor=organiser, **call_fields(**fields))
    for code, places in (quotas if quotas is not None else {"ES": 2, "FR": 1}).items():
        services.set_quota(
            actor=organiser, call=call, country=Country.objects.get(code=code), places=places
        )
    if publish:
        call = services.publish_call(actor=organiser, call=call)
    return call


def apply_as(person: User, call: EventCall, motivation: str = "I run a project.") -> Application:
    return services.apply(actor=person, call=call, motivation=motivation)

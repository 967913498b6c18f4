"""Each person's calendar: the dated items plugins contribute for ``.ics`` files and feeds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.plugins import hook

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from core.contrib import CalendarEvent


def calendar_events(user: AbstractBaseUser) -> list[CalendarEvent]:
    """The items every active plugin puts in ``user``'s calendar, soonest first."""
    events = [event for events in hook().register_calendar_events(user=user) for event in events]
    return sorted(events, key=lambda event: (event.starts_at, event.ends_at, event.uid))

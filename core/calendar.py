"""Each person's calendar: the dated items plugins contribute, as ``.ics`` files and a feed.

Plugins give their items through ``register_calendar_events(user)``; the kernel turns
them into one-item downloads, the personal feed (a secret address that calendar
applications subscribe to) and the ``.ics`` attached to notifications about an item.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import UTC
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.links import absolute_url
from core.plugins import hook

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from core.contrib import CalendarEvent
    from core.models import CalendarFeed, User

# Calendar applications show this as the program that wrote the file (RFC 5545 §3.7.3).
PRODUCT_ID = "-//OpenTwin//Calendar//EN"

# Audit action of ``regenerate_feed``.
CALENDAR_FEED_REGENERATED = "calendar.feed_regenerated"

# Account states whose feed stops answering: the person cannot log in any more.
_CLOSED_STATES = ("blocked", "inactive", "deleted")


def calendar_events(user: AbstractBaseUser) -> list[CalendarEvent]:
    """The items every active plugin puts in ``user``'s calendar, soonest first."""
    events = [event for events in hook().register_calendar_events(user=user) for event in events]
    return sorted(events, key=lambda event: (event.starts_at, event.ends_at, event.uid))


def event_for(user: AbstractBaseUser, uid: str) -> CalendarEvent | None:
    """The item ``uid`` of ``user``'s calendar, or None when it is not (or no longer) in it."""
    return next((event for event in calendar_events(user) if event.uid == uid), None)


def calendar_refusal(user: AbstractBaseUser) -> str | None:
    """Why ``user`` has no calendar pages nor feed, or None."""
    if not user.is_authenticated:
        return _("Please log in to see your calendar.")
    if user.is_pupil:
        return _("Pupils have no calendar.")
    if not user.is_active or user.state in _CLOSED_STATES:
        return _("This account has no calendar.")
    return None


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else absolute_url(url)


def ics_uid(uid: str) -> str:
    """The item's UID in ``.ics`` files: its uid and this site's host, so that it stays
    unique among the calendars someone subscribes to (RFC 5545 §3.8.4.7)."""
    return f"{uid}@{urlsplit(settings.OPENTWIN_SITE_URL).hostname or 'localhost'}"


def ics_bytes(events: Sequence[CalendarEvent], *, name: str) -> bytes:
    """A VCALENDAR named ``name`` with one VEVENT per item, times in UTC."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC)
    for item in events:
        event = Event()
        event.add("uid", ics_uid(item.uid))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at.astimezone(UTC))
        event.add("dtend", item.ends_at.astimezone(UTC))
        event.add("summary", item.title)
        if item.description:
            event.add("description", item.description)
        event.add("url", _absolute(item.url))
        if item.location:
            event.add("location", item.location)
        calendar.add_component(event)
    return calendar.to_ical()


def ics_filename(uid: str) -> str:
    """A file name that any system accepts, made from the item's uid."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", uid).strip("-")[:80] or "event"
    return f"{stem}.ics"


def event_ics_url(uid: str) -> str:
    """The site path of the one-item download of ``uid`` (for the logged-in reader)."""
    return reverse("core:calendar-item", kwargs={"uid": uid})


def _new_token() -> str:
    # 43 url-safe characters from 32 random bytes.
    return secrets.token_urlsafe(32)


def _feed_of(user: User) -> CalendarFeed:
    from core.models import CalendarFeed

    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(user=user, token=_new_token())
    except IntegrityError:
        # Two first visits at once: the other one's token is the address.
        return CalendarFeed.objects.get(user=user)


def _feed_address(token: str, *, absolute: bool) -> str:
    path = reverse("core:calendar-feed", kwargs={"token": token})
    return absolute_url(path) if absolute else path


def feed_url(user: User, *, absolute: bool = True) -> str:
    """The address of ``user``'s personal feed; the token is made on first use.

    Raises ``PermissionDenied`` for people who have no calendar (pupils, closed accounts).
    """
    refusal = calendar_refusal(user)
    if refusal:
        raise PermissionDenied(refusal)
    return _feed_address(_feed_of(user).token, absolute=absolute)


def regenerate_feed(*, actor: User) -> str:
    """Give the actor's feed a new address and return it: the old one stops working at once."""
    from core.models import CalendarFeed

    refusal = calendar_refusal(actor)
    if refusal:
        raise PermissionDenied(refusal)
    token = _new_token()
    with transaction.atomic():
        # One write replaces the token: no moment where both addresses answer.
        replaced = CalendarFeed.objects.filter(user=actor).update(
            token=token, created_at=timezone.now()
        )
        if not replaced:
            CalendarFeed.objects.create(user=actor, token=token)
        audit.record(CALENDAR_FEED_REGENERATED, actor=actor, target=actor)
    return _feed_address(token, absolute=True)


def feed_owner(token: str) -> User | None:
    """The person whose feed has ``token``, or None (unknown, replaced, or no calendar)."""
    from core.models import CalendarFeed

    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or calendar_refusal(feed.user):
        return None
    return feed.user


def calendar_name() -> str:
    """The feed's name in calendar applications, in the active language."""
    return _("My calendar on %(site)s") % {"site": settings.OPENTWIN_SITE_NAME}

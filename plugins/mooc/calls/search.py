"""The "calls" search provider and the portal's listing of open calls.

Only published calls are found; the text is matched in the database (every word in
the title, the venue or the description): calls are few.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.contrib import PortalItem, SearchProvider, SearchQuery, SearchResult
from core.dates import format_day
from core.sanitiser import plain_text
from core.search import LazyResults
from plugins.mooc.calls import queries
from plugins.mooc.calls.policy import Phase, phase_of
from plugins.mooc.models.calls import EventCall

MAX_WORDS = 8
SUMMARY_LENGTH = 160

_PHASE_STATES = {
    Phase.UPCOMING: ("pending", _("Opening soon")),
    Phase.OPEN: ("active", pgettext_lazy("call", "Open")),
    Phase.CLOSED: ("closed", pgettext_lazy("call", "Closed")),
    Phase.PAST: ("closed", pgettext_lazy("call", "Closed")),
}


def match_text(queryset: QuerySet[EventCall], text: str) -> QuerySet[EventCall]:
    for word in re.findall(r"\w+", text or "")[:MAX_WORDS]:
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(venue__icontains=word) | Q(description__icontains=word)
        )
    return queryset


def call_summary(call: EventCall) -> str:
    parts = [
        str(call.get_kind_display()),
        call.venue,
        format_day(call.event_starts_at),
        plain_text(call.description)[:SUMMARY_LENGTH],
    ]
    return " · ".join(part for part in parts if part)


def call_result(call: EventCall) -> SearchResult:
    state, label = _PHASE_STATES.get(phase_of(call), ("closed", pgettext_lazy("call", "Closed")))
    return SearchResult(
        title=call.title,
        url=call.get_absolute_url(),
        summary=call_summary(call),
        kind="calls",
        state=state,
        state_label=str(label),
    )


def search_calls(query: SearchQuery, limit: int) -> LazyResults:
    queryset = match_text(queries.published_calls(), query.text).order_by(
        "-applications_close_at", "-pk"
    )
    return LazyResults(queryset, call_result, limit)


def providers() -> list[SearchProvider]:
    return [SearchProvider(key="calls", label=_("Calls for events"), search=search_calls)]


def open_portal_items(limit: int) -> list[PortalItem]:
    """At most ``limit`` calls open for applications, closing soonest first."""
    return [
        PortalItem(
            title=call.title,
            url=call.get_absolute_url(),
            starts_at=call.event_starts_at,
            summary=call_summary(call),
        )
        for call in queries.open_calls()[:limit]
    ]

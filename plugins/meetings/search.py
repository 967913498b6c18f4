"""The "meetings" search provider and the portal's listing of upcoming meetings.

Only announced meetings are found (``published_at`` set), in every phase up to and
after the close (a past meeting's announcement stays public); drafts that were never
announced exist only for their organisers and trainers, who reach them through their
own pages. Filters: language and level, by
code. Meetings are few, so the text is matched in the database (every word in the
title, the topic or the description) rather than through a search index.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.contrib import PortalItem, SearchProvider, SearchQuery, SearchResult
from core.sanitiser import plain_text
from core.search import LazyResults
from plugins.meetings import queries
from plugins.meetings.models import Meeting

MAX_WORDS = 8
SUMMARY_LENGTH = 160


def announced_meetings() -> QuerySet[Meeting]:
    """Meetings the public may find: announced ones, whatever their phase."""
    return Meeting.objects.filter(published_at__isnull=False)


def filter_meetings(queryset: QuerySet[Meeting], filters) -> QuerySet[Meeting]:
    """Apply the public search's filters; unknown or empty ones are ignored."""
    if filters.get("language"):
        queryset = queryset.filter(language__code=str(filters["language"]))
    if filters.get("level"):
        queryset = queryset.filter(
            pk__in=Meeting.levels.through.objects.filter(level__code=str(filters["level"])).values(
                "meeting_id"
            )
        )
    return queryset


def match_text(queryset: QuerySet[Meeting], text: str) -> QuerySet[Meeting]:
    """Every word of ``text`` in the title, the topic or the description."""
    for word in re.findall(r"\w+", text or "")[:MAX_WORDS]:
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(topic__icontains=word) | Q(description__icontains=word)
        )
    return queryset


def meeting_summary(meeting: Meeting) -> str:
    """Public facts only: topic, language, when the active phase starts, the description."""
    starts = date_format(localtime(meeting.active_starts_at), "DATE_FORMAT")
    parts = [
        meeting.topic,
        str(meeting.language),
        str(_("starts %(date)s") % {"date": starts}),
        plain_text(meeting.description)[:SUMMARY_LENGTH],
    ]
    return " · ".join(part for part in parts if part)


def meeting_result(meeting: Meeting) -> SearchResult:
    if meeting.state == Meeting.State.DRAFT:
        # Announced, its registration not open yet: "Draft" would mislead a visitor.
        state, label = "announced", str(_("Announced"))
    else:
        state, label = meeting.state, str(meeting.get_state_display())
    return SearchResult(
        title=meeting.title,
        url=meeting.get_absolute_url(),
        summary=meeting_summary(meeting),
        kind="meetings",
        state=state,
        state_label=label,
    )


def search_meetings(query: SearchQuery, limit: int) -> LazyResults:
    queryset = filter_meetings(announced_meetings(), query.filters).select_related("language")
    queryset = match_text(queryset, query.text).order_by("-active_starts_at", "-pk")
    return LazyResults(queryset, meeting_result, limit)


def providers() -> list[SearchProvider]:
    return [SearchProvider(key="meetings", label=_("Teaching meetings"), search=search_meetings)]


def upcoming_portal_items(limit: int) -> list[PortalItem]:
    """At most ``limit`` upcoming meetings for the public portal, soonest first."""
    meetings = queries.upcoming_meetings().select_related("language")[:limit]
    return [
        PortalItem(
            title=meeting.title,
            url=meeting.get_absolute_url(),
            starts_at=meeting.active_starts_at,
            summary=meeting.topic,
            language=meeting.language.code,
        )
        for meeting in meetings
    ]

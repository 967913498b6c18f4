"""The "seminars" search provider and the portal's listings of online seminars.

Only announced seminars that were not cancelled are found, past ones too (their page
holds the recording). Seminars are few, so the text is matched in the database (every
word in the title, the description or a speaker's name) rather than through an index.
"""

from __future__ import annotations

import re

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.contrib import PortalItem, SearchProvider, SearchQuery, SearchResult
from core.dates import format_when
from core.sanitiser import plain_text
from core.search import LazyResults
from plugins.mooc.models import Seminar, Speaker
from plugins.mooc.seminars import queries

MAX_WORDS = 8
SUMMARY_LENGTH = 160


def match_text(queryset: QuerySet[Seminar], text: str) -> QuerySet[Seminar]:
    """Every word of ``text`` in the title, the description or a speaker's name."""
    for word in re.findall(r"\w+", text or "")[:MAX_WORDS]:
        speaker = Speaker.objects.filter(seminar_id=OuterRef("pk"), name__icontains=word)
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(Exists(speaker))
        )
    return queryset


def seminar_summary(seminar: Seminar) -> str:
    """Public facts only: the language, the start, the description's words."""
    parts = [
        str(seminar.language),
        format_when(seminar.starts_at),
        plain_text(seminar.description)[:SUMMARY_LENGTH],
    ]
    return " · ".join(part for part in parts if part)


def seminar_result(seminar: Seminar) -> SearchResult:
    phase = seminar.phase()
    return SearchResult(
        title=seminar.title,
        url=seminar.get_absolute_url(),
        summary=seminar_summary(seminar),
        kind="seminars",
        state=str(phase),
        state_label=str(Seminar.Phase(phase).label),
    )


def search_seminars(query: SearchQuery, limit: int) -> LazyResults:
    queryset = queries.announced().select_related("language")
    if query.filters.get("language"):
        queryset = queryset.filter(language__code=str(query.filters["language"]))
    queryset = match_text(queryset, query.text).order_by("-starts_at", "-pk")
    return LazyResults(queryset, seminar_result, limit)


def providers() -> list[SearchProvider]:
    return [SearchProvider(key="seminars", label=_("Online seminars"), search=search_seminars)]


def _portal_items(seminars: QuerySet[Seminar], limit: int) -> list[PortalItem]:
    return [
        PortalItem(
            title=seminar.title,
            url=seminar.get_absolute_url(),
            starts_at=seminar.starts_at,
            summary=plain_text(seminar.description)[:SUMMARY_LENGTH],
            language=seminar.language.code,
        )
        for seminar in seminars.select_related("language")[:limit]
    ]


def upcoming_portal_items(limit: int) -> list[PortalItem]:
    """At most ``limit`` upcoming seminars, soonest first."""
    return _portal_items(queries.upcoming_seminars(), limit)


def open_portal_items(limit: int) -> list[PortalItem]:
    """At most ``limit`` seminars open for registration, soonest first."""
    return _portal_items(queries.open_seminars(), limit)

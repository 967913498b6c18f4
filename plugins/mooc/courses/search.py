"""The "courses" search provider and the portal's listing of courses open for enrolment.

Only published courses are found; drafts exist for their team and organisers, who reach
them through their own pages. Filter: language, by code. Courses are few, so the text is
matched in the database (every word in the title, the summary or the description).
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.contrib import PortalItem, SearchProvider, SearchQuery, SearchResult
from core.sanitiser import plain_text
from core.search import LazyResults
from plugins.mooc.courses import queries
from plugins.mooc.models.courses import Course

MAX_WORDS = 8
SUMMARY_LENGTH = 160


def match_text(queryset: QuerySet[Course], text: str) -> QuerySet[Course]:
    """Every word of ``text`` in the title, the summary or the description."""
    for word in re.findall(r"\w+", text or "")[:MAX_WORDS]:
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word)
        )
    return queryset


def course_result(course: Course) -> SearchResult:
    parts = [course.summary, str(course.language), plain_text(course.description)[:SUMMARY_LENGTH]]
    return SearchResult(
        title=course.title,
        url=course.get_absolute_url(),
        summary=" · ".join(part for part in parts if part),
        kind="courses",
    )


def search_courses(query: SearchQuery, limit: int) -> LazyResults:
    queryset = queries.published_courses().select_related("language")
    if query.filters.get("language"):
        queryset = queryset.filter(language__code=str(query.filters["language"]))
    queryset = match_text(queryset, query.text).order_by("-enrolment_opens_at", "-pk")
    return LazyResults(queryset, course_result, limit)


def providers() -> list[SearchProvider]:
    return [SearchProvider(key="courses", label=_("Online courses"), search=search_courses)]


def open_portal_items(limit: int) -> list[PortalItem]:
    """At most ``limit`` courses open for enrolment, for the public portal."""
    courses = queries.open_courses().select_related("language")[:limit]
    return [
        PortalItem(
            title=course.title,
            url=course.get_absolute_url(),
            starts_at=course.starts_at,
            summary=course.summary,
            language=course.language.code,
        )
        for course in courses
    ]

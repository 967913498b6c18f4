"""Search providers for schools and people, through Wagtail's search backend.

Free text goes to the search index (``search_fields`` on ``School`` and ``User``); the
filters are ``FilterField``/``RelatedFields`` filters on the queryset. Empty text with
filters lists every match.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from core.contrib import SearchProvider, SearchQuery, SearchResult
from core.models import School, User
from core.search import LazyResults


def parse_age(value: str | None) -> int | None:
    """The pupils' age filter: a whole number from 3 to 19, else None (ignored)."""
    try:
        age = int(str(value or "").strip())
    except ValueError:
        return None
    return age if 3 <= age <= 19 else None


def listed_schools() -> QuerySet[School]:
    """Schools the public may find: every school except merged duplicates."""
    return School.objects.filter(merged_into__isnull=True)


def listed_teachers() -> QuerySet[User]:
    """People the public may find: validated, active teachers who chose to be listed.

    Never pupils, staff-only accounts, or blocked, inactive or deleted accounts.
    """
    return User.objects.filter(
        kind=User.Kind.TEACHER,
        state=User.State.VALIDATED,
        is_active=True,
        listed_in_search=True,
    )


def _run(queryset: QuerySet, text: str, ordering: tuple[str, ...]):
    """Free text through the search backend (prefix match on the last word), by relevance;
    without text, every match of the filters in ``ordering``."""
    # Words only: quotes, stars and brackets are full-text syntax, not something to find.
    text = " ".join(re.findall(r"\w+", text))
    if not text:
        return queryset.order_by(*ordering)
    return get_search_backend().autocomplete(text, queryset)


def filter_schools(queryset: QuerySet[School], filters) -> QuerySet[School]:
    if filters.get("country"):
        queryset = queryset.filter(country__code=filters["country"].upper())
    if filters.get("level"):
        queryset = queryset.filter(levels__code=filters["level"])
    age = parse_age(filters.get("age"))
    if age is not None:
        queryset = queryset.filter(levels__min_age__lte=age, levels__max_age__gte=age)
    return queryset.distinct()


def filter_teachers(queryset: QuerySet[User], filters) -> QuerySet[User]:
    if filters.get("country"):
        queryset = queryset.filter(school__country__code=filters["country"].upper())
    if filters.get("level"):
        queryset = queryset.filter(school__levels__code=filters["level"])
    age = parse_age(filters.get("age"))
    if age is not None:
        queryset = queryset.filter(
            school__levels__min_age__lte=age, school__levels__max_age__gte=age
        )
    if filters.get("subject"):
        queryset = queryset.filter(subjects__code=filters["subject"])
    if filters.get("language"):
        queryset = queryset.filter(languages__code=filters["language"])
    return queryset.distinct()


def search_schools(query: SearchQuery, limit: int) -> LazyResults:
    queryset = filter_schools(listed_schools(), query.filters)
    queryset = queryset.select_related("country").prefetch_related("levels")
    return LazyResults(_run(queryset, query.text, ("name", "pk")), school_result, limit)


def search_people(query: SearchQuery, limit: int) -> LazyResults:
    queryset = filter_teachers(listed_teachers(), query.filters)
    queryset = queryset.select_related("school__country").prefetch_related("subjects", "languages")
    return LazyResults(
        _run(queryset, query.text, ("last_name", "first_name", "pk")), person_result, limit
    )


def school_result(school: School) -> SearchResult:
    levels = ", ".join(str(level) for level in school.levels.all())
    summary = f"{school.town}, {school.country.display_name}"
    return SearchResult(
        title=school.name,
        url=reverse("core:school", args=[school.pk]),
        summary=f"{summary} · {levels}" if levels else summary,
        kind="schools",
    )


def person_result(person: User) -> SearchResult:
    """Only public fields: name, school, town, country, subjects and languages."""
    parts = []
    if person.school:
        school = person.school
        parts.append(f"{school.name}, {school.town}, {school.country.display_name}")
    subjects = ", ".join(str(subject) for subject in person.subjects.all())
    if subjects:
        parts.append(subjects)
    languages = ", ".join(language.name for language in person.languages.all())
    if languages:
        parts.append(languages)
    return SearchResult(
        title=person.display_name(),
        url=reverse("core:person", args=[person.username]),
        summary=" · ".join(parts),
        kind="people",
        person=person,
    )


def providers() -> list[SearchProvider]:
    return [
        SearchProvider(key="schools", label=_("Schools"), search=search_schools),
        SearchProvider(key="people", label=_("People"), search=search_people),
    ]

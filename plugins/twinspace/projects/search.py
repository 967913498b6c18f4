"""The "projects" search provider, through Wagtail's search backend.

Only open projects (active, closed, archived) are found: pending and rejected ones are
private to their founders and reviewers. Filters: country (of a founder's school), age
(within the pupils' range), subject and working language, by code.
"""

from __future__ import annotations

import re

from django.contrib.sitemaps import Sitemap
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from core.contrib import SearchProvider, SearchQuery, SearchResult
from core.directory.names import sorted_by_name
from core.search import LazyResults
from plugins.twinspace.models import Project, Space

MIN_AGE, MAX_AGE = 3, 19


def public_projects() -> QuerySet[Project]:
    """Projects the public may find: open ones only."""
    return Project.objects.filter(state__in=Space.OPEN)


class ProjectSitemap(Sitemap):
    """The public page of every open project, for ``/sitemap.xml``."""

    changefreq = "weekly"
    limit = 5000

    def items(self) -> QuerySet[Project]:
        return public_projects().order_by("pk")

    def location(self, project: Project) -> str:
        return project.url("about")

    def lastmod(self, project: Project):
        return project.updated_at


def _age(value) -> int | None:
    try:
        age = int(str(value or "").strip())
    except ValueError:
        return None
    return age if MIN_AGE <= age <= MAX_AGE else None


def filter_projects(queryset: QuerySet[Project], filters) -> QuerySet[Project]:
    """Apply the public search's filters; unknown or empty filters are ignored."""
    # The backend filters only on indexed fields: the other conditions pick the ids first.
    matching = Project.objects.all()
    narrowed = False
    if filters.get("country"):
        code = str(filters["country"]).upper()
        matching = matching.filter(
            Q(founder__school__country__code=code) | Q(cofounder__school__country__code=code)
        )
        narrowed = True
    if filters.get("subject"):
        matching = matching.filter(subjects__code=filters["subject"])
        narrowed = True
    if filters.get("language"):
        matching = matching.filter(working_languages__code=filters["language"])
        narrowed = True
    if narrowed:
        queryset = queryset.filter(pk__in=matching.values("pk"))
    age = _age(filters.get("age"))
    if age is not None:
        queryset = queryset.filter(age_min__lte=age, age_max__gte=age)
    return queryset


def _run(queryset: QuerySet[Project], text: str):
    text = " ".join(re.findall(r"\w+", text or ""))
    if not text:
        return queryset.order_by("-approved_at", "-pk")
    return get_search_backend().autocomplete(text, queryset)


def project_result(project: Project) -> SearchResult:
    """Only the public facts: title, countries, ages and the start of the overview."""
    countries = sorted_by_name(
        {project.founder.school.country.display_name, project.cofounder.school.country.display_name}
    )
    summary = " · ".join(
        [
            ", ".join(countries),
            str(_("ages %(min)d to %(max)d") % {"min": project.age_min, "max": project.age_max}),
            project.description[:160],
        ]
    )
    return SearchResult(
        title=project.title,
        url=project.url("home"),
        summary=summary,
        kind="projects",
        state=project.state,
        state_label=project.get_state_display(),
    )


def search_projects(query: SearchQuery, limit: int) -> LazyResults:
    queryset = filter_projects(public_projects(), query.filters).select_related(
        "founder__school__country", "cofounder__school__country"
    )
    return LazyResults(_run(queryset, query.text), project_result, limit)


def providers() -> list[SearchProvider]:
    return [SearchProvider(key="projects", label=_("Projects"), search=search_projects)]

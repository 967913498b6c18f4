"""The public search across every search provider that core and the plugins contribute."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator

from core.contrib import SearchProvider, SearchQuery, SearchResult
from core.plugins import hook

#: The most results a provider is asked for in one paginated search.
MAX_RESULTS = 1000

#: The filters the public search offers; providers ignore those that do not apply to them.
FILTER_NAMES = ("country", "level", "age", "subject", "language")


@dataclass(frozen=True)
class SearchSection:
    """The results of one provider, under its label."""

    provider: SearchProvider
    results: list[SearchResult]


@dataclass(frozen=True)
class PagedSection:
    """One page of the results of one provider, with the total count."""

    provider: SearchProvider
    page: Page


class LazyResults(Sequence[SearchResult]):
    """Results that stay a query until sliced: ``len()`` counts and a slice fetches one page.

    Providers return it so that paginating a search costs a fixed number of queries.
    ``source`` is a QuerySet or Wagtail ``SearchResults``; ``convert`` turns one object
    into a :class:`SearchResult`; ``limit`` caps the number of results.
    """

    def __init__(self, source: Any, convert: Callable[[Any], SearchResult], limit: int) -> None:
        self.source = source
        self.convert = convert
        self.limit = limit
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = min(self.source.count(), self.limit)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            start, stop, step = index.indices(self.limit)
            return [self.convert(obj) for obj in self.source[start:stop]][::step]
        if index < 0 or index >= self.limit:
            raise IndexError(index)
        return self.convert(self.source[index])

    def __iter__(self) -> Iterator[SearchResult]:
        return iter(self[0 : self.limit])


def search_providers() -> list[SearchProvider]:
    """All providers, in a stable order (by key)."""
    providers = [p for group in hook().register_search_providers() for p in group]
    return sorted(providers, key=lambda provider: provider.key)


def search(
    query: SearchQuery, *, limit: int = 20, kinds: set[str] | None = None
) -> list[SearchSection]:
    """Ask each provider (or only those whose key is in ``kinds``) for at most ``limit`` hits."""
    return [
        SearchSection(provider=provider, results=list(provider.search(query, limit))[:limit])
        for provider in search_providers()
        if kinds is None or provider.key in kinds
    ]


def search_pages(
    query: SearchQuery,
    *,
    kinds: set[str] | None = None,
    page: int | str | None = 1,
    per_page: int = 20,
) -> list[PagedSection]:
    """One page (``per_page`` hits) of each provider's results, with their total counts.

    A provider that returns :class:`LazyResults` is counted and sliced in the database;
    one that returns a list works too.
    """
    sections = []
    for provider in search_providers():
        if kinds is not None and provider.key not in kinds:
            continue
        results = provider.search(query, MAX_RESULTS)
        sections.append(
            PagedSection(provider=provider, page=Paginator(results, per_page).get_page(page))
        )
    return sections

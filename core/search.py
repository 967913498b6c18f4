"""The public search across every search provider that core and the plugins contribute."""

from __future__ import annotations

from dataclasses import dataclass

from core.contrib import SearchProvider, SearchQuery, SearchResult
from core.plugins import hook


@dataclass(frozen=True)
class SearchSection:
    """The results of one provider, under its label."""

    provider: SearchProvider
    results: list[SearchResult]


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

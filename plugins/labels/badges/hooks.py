"""Hook implementations of the labels plugin's portable badges (see docs/hooks.md)."""

from __future__ import annotations

from core.contrib import UrlMount
from core.plugins import hookimpl


@hookimpl
def register_urls() -> list[UrlMount]:
    return [
        UrlMount(prefix="badges/", urlconf="plugins.labels.badges.urls", namespace="badges"),
        UrlMount(
            prefix=".well-known/",
            urlconf="plugins.labels.badges.well_known_urls",
            namespace="badges-well-known",
        ),
    ]

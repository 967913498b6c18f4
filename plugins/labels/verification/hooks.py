"""Hook implementations of public verification (see docs/hooks.md): its pages."""

from __future__ import annotations

from core.contrib import UrlMount
from core.plugins import hookimpl


@hookimpl
def register_urls() -> list[UrlMount]:
    return [
        UrlMount(prefix="verify/", urlconf="plugins.labels.verification.urls", namespace="verify")
    ]

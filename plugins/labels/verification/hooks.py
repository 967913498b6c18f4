"""Hook implementations of public verification (see docs/hooks.md): its pages and its
REST routes."""

from __future__ import annotations

from core.contrib import ApiRouter, UrlMount
from core.plugins import hookimpl


@hookimpl
def register_urls() -> list[UrlMount]:
    return [
        UrlMount(prefix="verify/", urlconf="plugins.labels.verification.urls", namespace="verify")
    ]


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    from plugins.labels.verification.api import router

    return [ApiRouter(prefix="awards/", router=router, tags=("awards",))]

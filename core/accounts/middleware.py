"""Keeps pupils inside the pages made for them (DOMAIN.md §1: a pupil can do nothing
outside the TwinSpaces of the projects their teacher put them in)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.plugins import hook

# Core pages a pupil needs: their desktop (their projects), notifications, language, logout;
# and what every browser asks of every site (the favicon, robots.txt, the health check).
PUPIL_PAGES = frozenset(
    {
        "core:desktop",
        "core:notifications",
        "core:notifications-read",
        "core:logout",
        "set_language",
        "favicon",
        "robots-txt",
        "healthz",
    }
)


class PupilConfinementMiddleware:
    """Sends a pupil who strays outside the mounts ``open_to_pupils`` to their desktop."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    @staticmethod
    def open_namespaces() -> frozenset[str]:
        return frozenset(
            mount.namespace
            for mounts in hook().register_urls()
            for mount in mounts
            if mount.open_to_pupils
        )

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.kind != user.Kind.PUPIL:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        match = request.resolver_match
        if match is not None and (
            match.view_name in PUPIL_PAGES
            or (match.namespaces and match.namespaces[0] in self.open_namespaces())
        ):
            return None
        if request.path_info.startswith("/api/"):
            # A program gets an answer it can read, not a redirect to a web page.
            return JsonResponse(
                {"detail": _("Pupils can only use their projects' pages.")}, status=403
            )
        return redirect("core:desktop")

"""Middleware of the accounts area: pupils stay inside the pages made for them (DOMAIN.md
§1: a pupil can do nothing outside the TwinSpaces of the projects their teacher put them
in), and a logged-in person's pages are in the language stored in their profile."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from core.plugins import hook

# Core pages a pupil needs: their desktop (their projects), notifications, language, logout;
# and what every browser asks of every site (the favicon, robots.txt, the health check).
PUPIL_PAGES = frozenset(
    {
        "core:desktop",
        "core:notifications",
        "core:notifications-read",
        "core:notification-read",
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


class ProfileLanguageMiddleware:
    """Pages of a logged-in person are in the language stored in their profile.

    Runs after LocaleMiddleware (cookie, then browser) and AuthenticationMiddleware: the
    stored choice wins, so it follows the person to a new browser or a new login. The
    cookie is brought in line, so pages keep that language after logging out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = _stored_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # Read again: the request may have changed it (header selector, profile, logout).
        language = _stored_language(request)
        cookie = settings.LANGUAGE_COOKIE_NAME
        if language and cookie not in response.cookies and request.COOKIES.get(cookie) != language:
            set_language_cookie(response, language)
        return response


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Remember ``language`` in the browser, as Django's ``set_language`` view does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _stored_language(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return user.language if user.language in dict(settings.LANGUAGES) else ""

"""How many verifications one network may make: every look-up counts, whether it finds a
valid award, a revoked one or none, on the page and in the API alike (one counter)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core import ratelimit

SCOPE = "labels.verify"

TOO_MANY = _("Too many checks from your network in a short time: try again in a minute.")


def allow_lookup(request: HttpRequest) -> bool:
    """Count one verification from the request's network; False once over the limit."""
    return ratelimit.hit(
        ratelimit.client_key(request, SCOPE),
        limit=settings.OPENTWIN_VERIFY_RATE_LIMIT,
        window_seconds=settings.OPENTWIN_VERIFY_RATE_WINDOW_SECONDS,
    )


def retry_after() -> int:
    """Seconds until this network may verify again."""
    return ratelimit.retry_after(settings.OPENTWIN_VERIFY_RATE_WINDOW_SECONDS)

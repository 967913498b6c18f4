"""Absolute links for e-mails, built from the configured site address only."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on this site, e.g. ``/desktop/`` → ``https://opentwin.example.org/desktop/``.

    The address comes from ``SITE_URL`` (or the first allowed host), never from a
    request, so a forged Host header cannot put another site's address in an e-mail.
    """
    if path.startswith(("http://", "https://")):
        raise ValueError("absolute_url() takes a path on this site, not a full URL.")
    return f"{settings.OPENTWIN_SITE_URL}/{path.lstrip('/')}"

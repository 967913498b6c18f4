"""The client's IP address for login throttling, also behind trusted reverse proxies."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address that login throttling counts failures against.

    Without trusted proxies (``TRUSTED_PROXY_COUNT`` = 0) it is ``REMOTE_ADDR``. Behind N
    proxies that each append to ``X-Forwarded-For``, it is the N-th address from the
    right: entries further left were written by the client and can be forged.
    """
    proxies = settings.OPENTWIN_TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]

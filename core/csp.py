"""The site's Content-Security-Policy, with the one relaxation the admin screens need.

Our own pages load scripts and styles only from our static files: no inline
``<script>``, ``style`` attribute or event attribute (a test scans the
templates). Wagtail's and Django's admin screens still rely on inline scripts
and styles, so they get a policy that allows those and nothing else from outside.
"""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_EVAL, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpResponse

ADMIN_URL_PREFIXES = ("/admin/", "/django-admin/")

# Wagtail previews pages in a frame of its own and shows uploaded images as data:
# and blob: URLs while they are being chosen.
ADMIN_POLICY = {
    "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}


def allow_frames_from(response: HttpResponse, *origins: str) -> HttpResponse:
    """Let this one response show frames from ``origins`` (say, a video service's player
    on the page of a course unit); every other page still allows none."""
    update = dict(getattr(response, "_csp_update", None) or {})
    update["frame-src"] = [*update.get("frame-src", []), *origins]
    response._csp_update = update
    return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, relaxed for the admin screens only."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_URL_PREFIXES) and parts.replace is None:
            parts.replace = ADMIN_POLICY
        return parts

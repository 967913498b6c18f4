"""In-place actions (htmx) with a plain-form fallback: one way for every plugin.

A form that changes something posts to its normal URL. Without JavaScript the view
redirects as it always has; with htmx (``hx-post`` on the same form) the view answers
with the changed fragment instead, plus the messages the action left, which land in
the page's live region (``#live-messages``, announced by screen readers).
"""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def fragment(request: HttpRequest, template_name: str, context: dict | None = None) -> HttpResponse:
    """The fragment ``template_name`` and the pending messages, for an htmx request."""
    html = render_to_string(template_name, context or {}, request=request)
    html += render_to_string(
        "components/messages_oob.html", {"messages": get_messages(request)}, request=request
    )
    response = HttpResponse(html)
    patch_vary_headers(response, ("HX-Request",))
    return response


def in_place(
    request: HttpRequest,
    template_name: str,
    context: dict | None = None,
    *,
    fallback_url: str,
) -> HttpResponse:
    """The fragment for htmx, else a redirect to ``fallback_url`` (the no-JavaScript path)."""
    if is_htmx(request):
        return fragment(request, template_name, context)
    response = redirect(fallback_url)
    patch_vary_headers(response, ("HX-Request",))
    return response

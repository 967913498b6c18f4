"""Template helpers every app may use: ``{% load opentwin %}``."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from core.sanitiser import render_html

register = template.Library()


@register.filter
def rich_text(html: str | None) -> SafeString:
    """Show stored rich text: sanitised again, then marked safe."""
    return render_html(html)

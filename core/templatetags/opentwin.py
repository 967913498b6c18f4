"""Template helpers every app may use: ``{% load opentwin %}``."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils.safestring import SafeString

from core.dates import format_day, format_when
from core.sanitiser import render_html

register = template.Library()


@register.filter
def rich_text(html: str | None) -> SafeString:
    """Show stored rich text: sanitised again, then marked safe."""
    return render_html(html)


@register.filter
def when(value: date | datetime | None) -> str:
    """A date and time as every page shows it (core.dates.format_when)."""
    return format_when(value)


@register.filter
def day(value: date | datetime | None) -> str:
    """A day as every page shows it (core.dates.format_day)."""
    return format_day(value)

"""Dates and times as every page and e-mail shows them: in local time (the site's
TIME_ZONE) and in the reader's locale, with day-month order for English readers too
(core/formats/en). Templates use the ``when`` and ``day`` filters of ``{% load opentwin %}``.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_when(value: date | datetime | None) -> str:
    """A moment, date and time: "1 December 2026, 08:58" / "1 décembre 2026 08:58"."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return format_day(value)
    return date_format(_local(value), "DATETIME_FORMAT")


def format_day(value: date | datetime | None) -> str:
    """A day: "1 December 2026" / "1 de diciembre de 2026" / "1. Dezember 2026"."""
    if not value:
        return ""
    return date_format(_local(value), "DATE_FORMAT")

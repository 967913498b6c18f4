"""One way to show dates and times: ``when`` and ``day`` (core.dates), local time, the
reader's locale, and day-month order for English readers in Europe."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

MOMENT = datetime(2026, 12, 1, 7, 58, tzinfo=UTC)  # 08:58 in Brussels

WHEN = {
    "en": "1 December 2026, 08:58",
    "es": "1 de diciembre de 2026 a las 08:58",
    "fr": "1 décembre 2026 08:58",
    "de": "1. Dezember 2026 08:58",
}
DAY = {
    "en": "1 December 2026",
    "es": "1 de diciembre de 2026",
    "fr": "1 décembre 2026",
    "de": "1. Dezember 2026",
}


def render(source: str, **context) -> str:
    return Template("{% load opentwin %}" + source).render(Context(context))


@pytest.mark.parametrize("lang", WHEN)
def test_when_shows_local_time_in_the_reader_locale(lang):
    with translation.override(lang):
        assert render("{{ moment|when }}", moment=MOMENT) == WHEN[lang]


@pytest.mark.parametrize("lang", DAY)
def test_day_shows_the_local_day_in_the_reader_locale(lang):
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # already 1 December in Brussels
    with translation.override(lang):
        assert render("{{ moment|day }}", moment=late) == DAY[lang]
        assert render("{{ moment|day }}", moment=date(2026, 12, 1)) == DAY[lang]


def test_missing_dates_show_nothing():
    assert render("[{{ none|when }}][{{ none|day }}]", none=None) == "[][]"


def test_english_short_formats_put_the_day_first():
    with translation.override("en"):
        assert render('{{ moment|date:"SHORT_DATE_FORMAT" }}', moment=MOMENT) == "01/12/2026"


def test_templates_show_dates_only_through_when_and_day():
    """Any other date format in a template would make that page read differently."""
    offenders = []
    for folder in ("core", "cms", "plugins"):
        for path in (settings.BASE_DIR / folder).rglob("templates/**/*.*"):
            text = path.read_text("utf-8")
            for match in re.finditer(r"\|date:(['\"])(.*?)\1", text):
                if match.group(2) != "c":  # the machine-readable datetime="" attribute
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}")
    assert not offenders, "\n".join(offenders)

"""Country, level and subject names read in the reader's language (CLDR data for countries)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import Country
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

GERMANY = {"en": "Germany", "es": "Alemania", "fr": "Allemagne", "de": "Deutschland"}


def options(html: str, select_name: str) -> list[str]:
    """The labels of a <select>'s options, in page order."""
    select = re.search(rf'<select name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={select_name!r}>"
    return [label.strip() for label in re.findall(r"<option[^>]*>(.*?)</option>", select[1])]


@pytest.mark.parametrize(("lang", "germany"), GERMANY.items(), ids=GERMANY.keys())
def test_search_page_names_countries_in_the_reader_language(client, lang, germany):
    SchoolFactory(name="Gymnasium am Rhein", town="Bonn", country=Country.objects.get(code="DE"))
    html = client.get(
        reverse("core:search"), {"q": "Gymnasium", "kind": "schools"}, HTTP_ACCEPT_LANGUAGE=lang
    ).text
    assert germany in options(html, "country")
    assert f"Bonn, {germany}" in html
    if lang != "en":
        assert "Germany" not in html


def test_country_filter_is_sorted_by_the_translated_names(client):
    html = client.get(reverse("core:search"), HTTP_ACCEPT_LANGUAGE="de").text
    countries = options(html, "country")[1:]
    # Österreich sorts under O in German, not after Z; Deutschland comes before Estland.
    assert countries.index("Deutschland") < countries.index("Estland")
    assert countries.index("Norwegen") < countries.index("Österreich") < countries.index("Polen")


def test_level_and_subject_filters_use_the_translated_names(client):
    html = client.get(reverse("core:search"), HTTP_ACCEPT_LANGUAGE="es").text
    assert "Primaria" in options(html, "level")
    assert "Biología" in options(html, "subject")
    assert "Primary" not in options(html, "level")
    assert "Biology" not in options(html, "subject")


def test_level_filter_keeps_the_levels_from_youngest_to_oldest(client):
    html = client.get(reverse("core:search"), HTTP_ACCEPT_LANGUAGE="es").text
    levels = options(html, "level")[1:]
    assert levels[:3] == ["Educación infantil", "Primaria", "Secundaria"]


def test_a_country_staff_add_with_a_known_code_is_translated():
    country = Country.objects.create(code="md", name="Moldova", tier=Country.Tier.PLUS)
    names = {"en": "Moldova", "es": "Moldavia", "fr": "Moldavie", "de": "Moldawien"}
    for lang, name in names.items():
        with translation.override(lang):
            assert country.display_name == name
            assert str(country) == name


def test_a_country_with_a_code_the_cldr_data_does_not_know_keeps_its_stored_name():
    country = Country.objects.create(code="XK", name="Kosovo", tier=Country.Tier.PLUS)
    with translation.override("es"):
        assert country.display_name == "Kosovo"
        assert str(country) == "Kosovo"


def test_school_page_shows_its_country_in_the_reader_language(client):
    school = SchoolFactory(country=Country.objects.get(code="DE"))
    html = client.get(reverse("core:school", args=[school.pk]), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "<dd>Allemagne</dd>" in html

"""Project pages and project search results name countries in the reader's language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.twinspace import make_project, teacher_in

pytestmark = pytest.mark.django_db

GERMANY = {"es": "Alemania", "fr": "Allemagne", "de": "Deutschland"}


@pytest.fixture
def project():
    return make_project(founder=teacher_in("DE"), cofounder=teacher_in("ES"), title="Rivers")


@pytest.mark.parametrize(("lang", "germany"), GERMANY.items(), ids=GERMANY.keys())
def test_project_page_names_the_founders_countries_in_the_reader_language(
    client, project, lang, germany
):
    html = client.get(
        reverse("twinspace:project:about", args=[project.pk]), HTTP_ACCEPT_LANGUAGE=lang
    ).text
    assert f"({germany})" in html
    assert "Germany" not in html


@pytest.mark.parametrize(("lang", "germany"), GERMANY.items(), ids=GERMANY.keys())
def test_project_search_result_names_countries_in_the_reader_language(
    client, project, lang, germany
):
    html = client.get(
        reverse("core:search"), {"q": "Rivers", "kind": "projects"}, HTTP_ACCEPT_LANGUAGE=lang
    ).text
    assert germany in html
    assert "Germany" not in html

"""The portal's demo data, loaded by ``manage.py seed_demo``."""

from __future__ import annotations

import pytest
from wagtail.models import Locale, Page, Revision, Site

from cms.demo import load_cms_demo_data
from cms.models import HomePage, StandardPage
from core.plugins import hook

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "home pages": HomePage.objects.count(),
        "standard pages": StandardPage.objects.count(),
        "sites": Site.objects.count(),
        "revisions": Revision.objects.count(),
    }


def test_cms_registers_its_demo_data() -> None:
    datasets = [dataset for datasets in hook().register_demo_data() for dataset in datasets]

    cms = next(dataset for dataset in datasets if dataset.key == "cms")
    assert cms.load is load_cms_demo_data
    assert cms.order == 10


def test_demo_load_creates_two_published_pages_under_the_home_page(client) -> None:
    lines = load_cms_demo_data()

    assert lines == ["Portal: home page and 2 standard pages"]
    home = Site.objects.get(is_default_site=True).root_page
    children = home.get_children().live().specific()
    assert [(page.slug, page.title) for page in children] == [
        ("about", "About OpenTwin"),
        ("take-part", "How to take part"),
    ]
    assert all(not page.has_unpublished_changes for page in children)
    response = client.get("/take-part/")
    assert response.status_code == 200
    assert 'href="/about/">Learn more about OpenTwin</a>' in response.content.decode()


def test_demo_load_is_idempotent() -> None:
    load_cms_demo_data()
    first = counts()

    load_cms_demo_data()

    assert counts() == first


def test_demo_load_rebuilds_the_page_tree_after_the_tables_were_emptied(client) -> None:
    # Transactional tests flush every table, including what Wagtail's migrations made.
    Site.objects.all().delete()
    Page.objects.all().delete()
    Locale.objects.all().delete()

    load_cms_demo_data()
    first = counts()
    load_cms_demo_data()

    assert counts() == first
    assert first["home pages"] == 1
    assert first["standard pages"] == 2
    assert isinstance(Site.objects.get(is_default_site=True).root_page.specific, HomePage)
    assert client.get("/").status_code == 200
    assert client.get("/about/").status_code == 200


def test_portal_addresses_follow_site_url_after_the_demo_load(client, settings) -> None:
    settings.OPENTWIN_SITE_URL = "https://twin.example.org"
    load_cms_demo_data()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("twin.example.org", 443)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://twin.example.org/about/</loc>" in sitemap
    assert "localhost" not in sitemap


def test_a_site_host_an_operator_set_is_kept(settings) -> None:
    settings.OPENTWIN_SITE_URL = "https://twin.example.org"
    Site.objects.filter(is_default_site=True).update(hostname="portal.example.eu", port=443)
    load_cms_demo_data()

    assert Site.objects.get(is_default_site=True).hostname == "portal.example.eu"

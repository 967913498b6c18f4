"""What every site has: a favicon, a 500 page, robots.txt, sitemap.xml, /healthz, no Gravatar."""

from __future__ import annotations

import logging

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.test import RequestFactory
from django.views.defaults import server_error
from wagtail.models import Page, PageViewRestriction
from wagtail.users.utils import get_gravatar_url

from core import site_views
from tests.factories import UserFactory
from tests.support.processes import PROJECT_ROOT


@pytest.mark.django_db
def test_every_page_names_an_svg_favicon_that_exists(client):
    page = client.get("/login/").text
    assert '<link rel="icon" href="/static/core/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("core/favicon.svg")


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url == "/static/core/favicon.svg"


def test_the_500_page_is_ours_and_renders_without_the_database():
    # No django_db mark: any query while rendering would fail this test.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert '<p lang="es">' in page and '<p lang="fr">' in page and '<p lang="de">' in page
    origin = get_template("500.html").origin.name
    assert origin == str(PROJECT_ROOT / "core" / "templates" / "500.html")


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_private_areas_and_points_to_the_sitemap(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    for private in ("/admin/", "/django-admin/", "/api/", "/desktop/", "/profile/", "/pupils/"):
        assert f"Disallow: {private}" in lines
    assert f"Sitemap: {settings.OPENTWIN_SITE_URL}/sitemap.xml" in lines


@pytest.mark.django_db
def test_sitemap_lists_live_public_portal_pages_only(client):
    home = Page.objects.get(depth=2)
    public = home.add_child(instance=Page(title="About eTwinning", slug="about-etwinning"))
    private = home.add_child(instance=Page(title="Staff notes", slug="staff-notes"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = home.add_child(instance=Page(title="Draft", slug="draft-page", live=False))
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert public.url_path and "/about-etwinning/</loc>" in response.text
    assert "/staff-notes/" not in response.text
    assert f"/{draft.slug}/" not in response.text


@pytest.mark.django_db
def test_sitemap_takes_sections_from_the_hook(client, register_plugin):
    from django.contrib.sitemaps import Sitemap

    from core.contrib import SitemapSection
    from core.plugins import hookimpl

    class Handbook(Sitemap):
        def items(self):
            return ["/handbook/"]

        def location(self, item):
            return item

    class HandbookPlugin:
        @hookimpl
        def register_sitemaps(self):
            return [SitemapSection(key="handbook", sitemap=Handbook)]

    register_plugin(HandbookPlugin())
    assert "/handbook/</loc>" in client.get("/sitemap.xml").text


# --- /healthz ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_200_when_database_cache_and_task_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "task_broker": "ok"},
        "failed": [],
    }
    assert "no-cache" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_answers_503_naming_what_failed_without_logging_an_error(
    client, monkeypatch, caplog
):
    def broken_cache() -> None:
        raise ConnectionError("cache server unreachable")

    monkeypatch.setitem(site_views.HEALTH_CHECKS, "cache", broken_cache)
    with caplog.at_level(logging.INFO):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failed",
        "checks": {"database": "ok", "cache": "failed", "task_broker": "ok"},
        "failed": ["cache"],
    }
    assert [record.levelname for record in caplog.records if record.levelno >= logging.ERROR] == []
    assert "Health check cache failed: cache server unreachable" in caplog.text


@pytest.mark.django_db
def test_healthz_needs_no_login_even_for_a_logged_in_pupil(client):
    client.force_login(UserFactory(kind="pupil", email=""))
    assert client.get("/healthz").status_code == 200


# --- Gravatar ---------------------------------------------------------------------------


def test_wagtail_asks_gravatar_for_nothing():
    assert get_gravatar_url("ana.garcia@example.org") is None


@pytest.mark.django_db
def test_the_admin_calls_no_third_party_neither_gravatar_nor_the_release_check(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True, email="ana@example.org"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "gravatar" not in response.text.lower()
    assert 'data-controller="w-upgrade' not in response.text

"""The home page is a landing page: what OpenTwin is, for whom, how to join, and what is
happening on the portal; editors' content still shows."""

from __future__ import annotations

import re

import pytest
from django.utils.translation import gettext_lazy

from core.contrib import PortalItem, PortalListing
from core.plugins import hookimpl
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


class Listings:
    """An inline plugin: one listing with items, one without."""

    @hookimpl
    def register_portal_listings(self):
        return [
            PortalListing(
                key="test.meetings",
                title=gettext_lazy("Upcoming teaching meetings"),
                kind="meetings",
                items=lambda limit: [
                    PortalItem(title=f"Meeting {n}", url=f"/meetings/{n}/", summary="Robots")
                    for n in range(limit + 2)
                ][:limit],
            ),
            PortalListing(
                key="test.results",
                title=gettext_lazy("Published results"),
                kind="results",
                items=lambda limit: [],
            ),
        ]


def test_the_home_page_says_what_opentwin_is_and_for_whom(client, home_page):
    html = client.get("/").content.decode()
    assert html.count("<h1") == 1
    assert "OpenTwin lets teachers and pupils in different countries learn together" in html
    for audience in ("Teachers", "Pupils", "Schools"):
        assert f'<h3 class="h5 card-title">{audience}</h3>' in html


def test_the_home_page_shows_how_to_join_with_one_primary_button(client, home_page):
    html = client.get("/").content.decode()
    steps = re.search(r'<ol class="home-steps">(.*?)</ol>', html, flags=re.S).group(1)
    assert steps.count("<li>") == 4
    for step in ("Register", "Get validated", "Find partners", "Start a project"):
        assert step in steps
    actions = re.search(r'<div class="home-actions">(.*?)</div>', html, flags=re.S).group(1)
    assert '<a class="btn btn-primary" href="/register/">Register</a>' in actions
    assert '<a class="btn btn-outline-secondary" href="/login/">Log in</a>' in actions


def test_a_logged_in_teacher_is_sent_to_their_desktop_instead(client, home_page):
    client.force_login(TeacherFactory())
    actions = re.search(
        r'<div class="home-actions">(.*?)</div>', client.get("/").content.decode(), flags=re.S
    ).group(1)
    assert 'href="/desktop/"' in actions and "/register/" not in actions


def test_whats_happening_shows_listings_with_items_as_cards(client, home_page, register_plugin):
    register_plugin(Listings(), "listings")
    html = client.get("/").content.decode()
    assert "What&#x27;s happening" in html or "What's happening" in html
    assert "Upcoming teaching meetings" in html
    # The items' links (the main menu links to the list of meetings too).
    assert len(re.findall(r'href="/meetings/\d+/"', html)) == 3
    assert "Published results" not in html


def test_whats_happening_is_left_out_when_no_listing_has_items(client, home_page):
    html = client.get("/").content.decode()
    assert "home-happening" not in html


def test_editors_content_still_shows_on_the_home_page(client, home_page):
    home_page.body = [{"type": "heading", "value": {"text": "From the editors", "level": "h2"}}]
    home_page.save_revision().publish()
    assert "<h2>From the editors</h2>" in client.get("/").content.decode()

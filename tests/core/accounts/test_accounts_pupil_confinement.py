"""Pupils stay inside the pages made for them (DOMAIN.md §1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.contrib import UrlMount
from core.plugins import hookimpl
from tests.factories import PupilFactory, TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/search/", "/contacts/", "/support/", "/profile/", "/register/school/", "/"],
)
def test_a_pupil_is_sent_to_their_desktop_from_pages_not_made_for_pupils(client, url):
    client.force_login(PupilFactory())
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:desktop")


def test_a_pupil_reaches_their_desktop_notifications_and_can_log_out(client):
    client.force_login(PupilFactory())
    assert client.get(reverse("core:desktop")).status_code == 200
    assert client.get(reverse("core:notifications")).status_code == 200
    assert client.post(reverse("core:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_pupil_menu_offers_neither_the_portal_nor_the_search(client):
    client.force_login(PupilFactory())
    page = client.get(reverse("core:desktop")).content.decode()
    assert f'href="{reverse("core:search")}"' not in page
    assert 'href="/"' not in page.split('class="main-nav"')[1].split("</nav>")[0]


def test_pupils_may_enter_the_mounts_open_to_them(client, register_plugin, settings):
    class Plugin:
        @hookimpl
        def register_urls(self):
            return [
                UrlMount(prefix="", urlconf="core.site_urls", namespace="core", open_to_pupils=True)
            ]

    register_plugin(Plugin())
    client.force_login(PupilFactory())
    # core's own mount is now marked open to pupils, so its pages are let through.
    assert client.get("/search/").status_code == 200


def test_teachers_are_not_confined(client):
    client.force_login(TeacherFactory())
    assert client.get("/search/").status_code == 200


def test_a_pupil_calling_the_api_gets_a_json_refusal_not_a_redirect(client):
    client.force_login(PupilFactory())
    response = client.get("/api/v1/directory/search?q=school")
    assert response.status_code == 403
    assert response.json() == {"detail": "Pupils can only use their projects' pages."}

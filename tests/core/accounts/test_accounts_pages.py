"""The pages of accounts, registration, validation and support follow the design system:
focused single-purpose pages with one primary action, the error summary after a failed
submit, and the way on from each page."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

FOCUSED_PAGES = [
    "/login/",
    "/pupils/login/",
    "/register/",
    "/register/resend/",
    "/password-reset/",
    "/password-reset/done/",
    "/reset/done/",
    "/reset/MQ/not-a-token/",
    "/register/verify/not-a-token/",
]


def main_of(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("path", FOCUSED_PAGES)
def test_single_purpose_pages_are_focused_with_one_title_and_one_primary_action(client, path):
    response = client.get(path)
    assert response.status_code in (200, 400)  # 400: a link that is not valid
    main = main_of(response)
    assert "site-main-focused" in response.content.decode()
    assert main.count("<h1") == 1
    assert len(re.findall(r'class="btn btn-primary\b', main)) == 1


def test_the_teachers_login_leads_to_the_password_reset_registration_and_pupils_login(client):
    main = main_of(client.get("/login/"))
    for path in ("/password-reset/", "/register/", "/pupils/login/"):
        assert f'href="{path}"' in main


def test_the_pupils_login_speaks_to_children_and_leads_back_to_the_teachers_login(client):
    response = client.get("/pupils/login/")
    page = response.content.decode()
    assert 'class="pupil-login-page"' in page  # its own, friendlier look
    assert "Hello! Log in to your projects" in page
    assert "Ask your teacher for a new one." in page
    assert 'href="/login/"' in main_of(response)
    assert 'href="/password-reset/"' not in main_of(response)  # pupils have no e-mail


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/login/", {"username": "", "password": ""}),
        ("/pupils/login/", {"username": "", "password": ""}),
        ("/register/", {"email": "not-an-address"}),
        ("/register/resend/", {"email": "not-an-address"}),
        ("/password-reset/", {"email": "a-username"}),
    ],
)
def test_a_failed_submit_shows_the_error_summary_that_takes_the_focus(client, path, data):
    response = client.post(path, data)
    assert response.status_code == 200
    main = main_of(response)
    assert main.count("data-error-summary") == 1
    assert 'aria-invalid="true"' in main
    # The old per-area error lists are gone.
    assert "errorlist" not in main


def test_a_wrong_password_is_an_alert_in_the_card_that_takes_the_focus(client):
    teacher = TeacherFactory()
    response = client.post("/login/", {"username": teacher.username, "password": "wrong-one-1"})
    main = main_of(response)
    assert 'class="alert alert-danger" role="alert" tabindex="-1" data-error-summary' in main
    assert "Please enter a correct username and password." in main


def test_the_profile_form_sends_files_and_shows_the_account_state_as_a_badge(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    main = main_of(client.get(reverse("core:profile")))
    assert 'enctype="multipart/form-data"' in main
    assert 'name="photo"' in main and 'accept="image/jpeg,image/png,image/webp"' in main
    assert "state-badge" in main and "Validated" in main
    assert "validated</" not in main  # never the stored value
    # Each subject is offered by one checkbox with one label, not two.
    assert main.count('for="id_subjects_0"') == 1
    assert len(re.findall(r'class="btn btn-primary\b', main)) == 1


def test_the_500_page_uses_the_sites_style_sheets_and_nothing_else(settings):
    page = server_error(RequestFactory().get("/")).content.decode()
    assert "vendor/bootstrap/bootstrap.min.css" in page and "core/site.css" in page
    assert "<script" not in page

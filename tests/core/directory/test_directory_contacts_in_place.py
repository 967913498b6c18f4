"""Answering a contact request happens in place with htmx, and still by a plain form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.directory.services import are_contacts, send_contact_request
from core.models import ContactRequest
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ana():
    return TeacherFactory(username="ana", first_name="Ana", last_name="Alonso")


@pytest.fixture
def luc():
    return TeacherFactory(username="luc", first_name="Luc", last_name="Leroy")


@pytest.fixture
def waiting(ana, luc):
    return send_contact_request(actor=ana, recipient=luc, message="Hola")


def test_the_answer_forms_work_without_javascript_and_name_their_htmx_target(client, luc, waiting):
    client.force_login(luc)
    page = client.get(reverse("core:contacts")).content.decode()
    for answer in ("accept", "decline"):
        url = reverse("core:contact-request-answer", args=[waiting.pk, answer])
        assert f'<form method="post" action="{url}" hx-post="{url}"' in page
    assert 'hx-target="closest .contact-request" hx-swap="outerHTML"' in page
    assert 'class="avatar avatar-md' in page


def test_accepting_with_htmx_returns_the_answered_request_the_page_lists(client, ana, luc, waiting):
    client.force_login(luc)
    url = reverse("core:contact-request-answer", args=[waiting.pk, "accept"])
    response = client.post(url, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="contact-request-{waiting.pk}"' in html
    assert "Ana Alonso is now one of your contacts." in html
    assert "hx-post" not in html
    assert "Contact request accepted." in html and 'hx-swap-oob="innerHTML"' in html
    assert are_contacts(ana, luc)


def test_declining_with_htmx_says_so_in_place(client, ana, luc, waiting):
    client.force_login(luc)
    url = reverse("core:contact-request-answer", args=[waiting.pk, "decline"])
    html = client.post(url, **HTMX).content.decode()
    assert "You declined this request." in html and ">Declined</span>" in html
    waiting.refresh_from_db()
    assert waiting.status == ContactRequest.Status.DECLINED


def test_without_javascript_the_answer_redirects_to_the_contacts_page(client, ana, luc, waiting):
    client.force_login(luc)
    url = reverse("core:contact-request-answer", args=[waiting.pk, "accept"])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:contacts")
    assert are_contacts(ana, luc)


def test_someone_else_cannot_answer_in_place(client, ana, waiting):
    client.force_login(ana)
    url = reverse("core:contact-request-answer", args=[waiting.pk, "accept"])
    assert client.post(url, **HTMX).status_code == 404

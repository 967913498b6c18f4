"""Contacts: validated teachers ask, the other side accepts or declines; one request per pair."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.directory.services import (
    accept_contact_request,
    are_contacts,
    contacts_of,
    decline_contact_request,
    remove_contact,
    send_contact_request,
)
from core.models import AuditEntry, ContactRequest, Notification, User
from core.views import desktop_panels
from tests.factories import PupilFactory, TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return TeacherFactory(username="ana", first_name="Ana", last_name="Alonso")


@pytest.fixture
def luc():
    return TeacherFactory(username="luc", first_name="Luc", last_name="Leroy")


def test_a_validated_teacher_sends_a_request_and_the_recipient_is_notified(ana, luc):
    contact_request = send_contact_request(actor=ana, recipient=luc, message="Hola")
    assert contact_request.status == ContactRequest.Status.PENDING
    assert Notification.objects.filter(user=luc, kind="contact.request").exists()
    assert AuditEntry.objects.filter(action="directory.send_contact_request").exists()
    assert not are_contacts(ana, luc)


def test_an_unvalidated_teacher_cannot_send_a_request_and_is_told_why(luc):
    waiting = TeacherFactory(state=User.State.WAITING_VALIDATION)
    with pytest.raises(ValidationError, match="not validated"):
        send_contact_request(actor=waiting, recipient=luc)
    assert not ContactRequest.objects.exists()


def test_an_unvalidated_teacher_sees_why_on_the_profile_page(client, luc):
    waiting = TeacherFactory(state=User.State.WAITING_VALIDATION)
    client.force_login(waiting)
    page = client.get(reverse("core:person", args=["luc"])).content.decode()
    assert "not validated" in page
    assert "Add as contact" not in page
    response = client.post(reverse("core:contact-request", args=["luc"]), follow=True)
    assert "not validated" in response.content.decode()
    assert not ContactRequest.objects.exists()
    assert "not validated" in client.get(reverse("core:contacts")).content.decode()


def test_no_request_to_self_or_to_pupils_or_to_unvalidated_teachers(ana):
    with pytest.raises(ValidationError):
        send_contact_request(actor=ana, recipient=ana)
    with pytest.raises(ValidationError):
        send_contact_request(actor=ana, recipient=PupilFactory())
    with pytest.raises(ValidationError):
        send_contact_request(
            actor=ana, recipient=TeacherFactory(state=User.State.WAITING_VALIDATION)
        )
    assert not ContactRequest.objects.exists()


def test_one_request_per_pair_a_second_request_is_refused(ana, luc):
    send_contact_request(actor=ana, recipient=luc)
    with pytest.raises(ValidationError, match="already sent"):
        send_contact_request(actor=ana, recipient=luc)
    assert ContactRequest.objects.count() == 1


def test_a_declined_request_cannot_be_renewed_from_either_side(ana, luc):
    contact_request = send_contact_request(actor=ana, recipient=luc)
    decline_contact_request(actor=luc, contact_request=contact_request)
    with pytest.raises(ValidationError):
        send_contact_request(actor=ana, recipient=luc)
    with pytest.raises(ValidationError):
        send_contact_request(actor=luc, recipient=ana)
    assert ContactRequest.objects.count() == 1


def test_asking_someone_who_already_asked_you_accepts_their_request(ana, luc):
    send_contact_request(actor=ana, recipient=luc)
    contact_request = send_contact_request(actor=luc, recipient=ana)
    assert contact_request.sender == ana
    assert contact_request.status == ContactRequest.Status.ACCEPTED
    assert are_contacts(ana, luc) and are_contacts(luc, ana)
    assert Notification.objects.filter(user=ana, kind="contact.accepted").exists()
    assert ContactRequest.objects.count() == 1


def test_only_the_recipient_accepts_or_declines(ana, luc):
    contact_request = send_contact_request(actor=ana, recipient=luc)
    other = TeacherFactory()
    for actor in (ana, other):
        with pytest.raises(PermissionDenied):
            accept_contact_request(actor=actor, contact_request=contact_request)
        with pytest.raises(PermissionDenied):
            decline_contact_request(actor=actor, contact_request=contact_request)
    accept_contact_request(actor=luc, contact_request=contact_request)
    assert list(contacts_of(ana)) == [luc]
    assert list(contacts_of(luc)) == [ana]
    with pytest.raises(ValidationError, match="already been answered"):
        decline_contact_request(actor=luc, contact_request=contact_request)


def test_either_side_removes_a_contact_and_they_may_ask_again(ana, luc):
    contact_request = send_contact_request(actor=ana, recipient=luc)
    accept_contact_request(actor=luc, contact_request=contact_request)
    remove_contact(actor=luc, other=ana)
    assert not are_contacts(ana, luc)
    assert not ContactRequest.objects.exists()
    with pytest.raises(ValidationError):
        remove_contact(actor=ana, other=luc)
    send_contact_request(actor=luc, recipient=ana)


def test_a_stranger_cannot_remove_a_contact(ana, luc):
    contact_request = send_contact_request(actor=ana, recipient=luc)
    accept_contact_request(actor=luc, contact_request=contact_request)
    with pytest.raises(ValidationError):
        remove_contact(actor=TeacherFactory(), other=ana)
    assert are_contacts(ana, luc)


def test_contact_pages_send_accept_and_list(client, ana, luc):
    client.force_login(ana)
    page = client.get(reverse("core:person", args=["luc"])).content.decode()
    assert "Add as contact" in page
    client.post(reverse("core:contact-request", args=["luc"]), {"message": "Hello"})
    page = client.get(reverse("core:contacts")).content.decode()
    assert "Requests sent (1)" in page

    client.force_login(luc)
    page = client.get(reverse("core:contacts")).content.decode()
    assert "Requests received (1)" in page and "Hello" in page
    contact_request = ContactRequest.objects.get()
    # Only POST answers, and only the recipient's.
    url = reverse("core:contact-request-answer", args=[contact_request.pk, "accept"])
    assert client.get(url).status_code == 405
    client.post(url)
    assert are_contacts(ana, luc)
    page = client.get(reverse("core:contacts")).content.decode()
    assert "Contacts (1)" in page and "Ana Alonso" in page

    client.post(reverse("core:contact-remove", args=["ana"]))
    assert not are_contacts(ana, luc)


def test_someone_else_cannot_answer_a_request_through_the_page(client, ana, luc):
    contact_request = send_contact_request(actor=ana, recipient=luc)
    client.force_login(TeacherFactory())
    url = reverse("core:contact-request-answer", args=[contact_request.pk, "accept"])
    assert client.post(url).status_code == 404
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.PENDING


def test_desktop_panel_shows_pending_requests_and_contact_count(ana, luc):
    send_contact_request(actor=ana, recipient=luc)
    panel = next(panel for panel in desktop_panels(luc) if panel.key == "contacts")
    assert panel.order == 40
    assert [r.sender for r in panel.context["received"]] == [ana]
    assert panel.context["contact_count"] == 0
    assert not [p for p in desktop_panels(PupilFactory()) if p.key == "contacts"]


def test_desktop_renders_the_contacts_panel(client, ana, luc):
    send_contact_request(actor=ana, recipient=luc)
    client.force_login(luc)
    page = client.get(reverse("core:desktop")).content.decode()
    assert "Ana Alonso" in page


def test_api_contacts_flow_with_session_and_csrf(ana, luc):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    client.get(reverse("core:contacts"))
    token = client.cookies["csrftoken"].value
    url = "/api/v1/directory/contacts/requests"
    assert client.post(url, {"username": "luc"}, content_type="application/json").status_code == 403
    response = client.post(
        url, {"username": "luc"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200, response.content
    request_id = response.json()["id"]
    again = client.post(
        url, {"username": "luc"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert again.status_code == 400 and "already" in again.json()["detail"]

    client.force_login(luc)
    client.get(reverse("core:contacts"))
    token = client.cookies["csrftoken"].value
    assert client.get("/api/v1/directory/contacts").json()["received"][0]["id"] == request_id
    response = client.post(
        f"/api/v1/directory/contacts/requests/{request_id}/accept", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    contacts = client.get("/api/v1/directory/contacts").json()["contacts"]
    assert [c["username"] for c in contacts] == ["ana"]
    assert "email" not in contacts[0]


def test_api_contacts_need_a_session(client):
    assert client.get("/api/v1/directory/contacts").status_code == 401


def test_api_refuses_an_unvalidated_teacher_with_the_reason(client, luc):
    waiting = TeacherFactory(state=User.State.WAITING_VALIDATION)
    client.force_login(waiting)
    response = client.post(
        "/api/v1/directory/contacts/requests", {"username": "luc"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "not validated" in response.json()["detail"]


def test_openapi_schema_lists_the_directory_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for route in (
        "/api/v1/directory/search",
        "/api/v1/directory/contacts",
        "/api/v1/directory/contacts/requests",
        "/api/v1/directory/contacts/requests/{request_id}/accept",
        "/api/v1/directory/contacts/requests/{request_id}/decline",
    ):
        assert route in paths
    search = paths["/api/v1/directory/search"]["get"]
    assert "200" in search["responses"]

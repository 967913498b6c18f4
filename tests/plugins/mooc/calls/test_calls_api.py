"""The calls' REST routes: open calls for everyone, applying and withdrawing with a
session, the services' refusals as 403 and 422 with their messages."""

from __future__ import annotations

import pytest
from django.test import Client

from core.models import Notification
from plugins.mooc.calls import notifications
from plugins.mooc.models.calls import Application
from tests.factories.mooc_calls import CLOSES, OPENS, T0, css, make_call, teacher, teacher_in

pytestmark = pytest.mark.django_db

API = "/api/v1/calls"


@pytest.fixture
def at_open(time_machine):
    time_machine.move_to(T0, tick=False)
    call = make_call(css())
    draft = make_call(css(), title="Draft call", publish=False)
    time_machine.move_to(OPENS, tick=False)
    return call, draft


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_holds_open_published_calls_with_their_places(at_open):
    call, _draft = at_open
    body = Client().get(f"{API}/").json()
    assert [item["title"] for item in body["items"]] == [call.title]
    assert body["items"][0]["quotas"] == {"ES": 2, "FR": 1}
    assert body["items"][0]["phase"] == "open"
    assert body["items"][0]["description"] == "Two days on projects that include every pupil."


def test_a_draft_answers_404(at_open):
    _call, draft = at_open
    assert Client().get(f"{API}/{draft.pk}").status_code == 404
    assert Client().get(f"{API}/999999999999999999999").status_code == 404


def test_applying_and_withdrawing_through_the_api(at_open):
    call, _draft = at_open
    person = teacher()
    client = client_of(person)
    response = client.post(
        f"{API}/{call.pk}/apply", {"motivation": "Robots"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    assert Notification.objects.filter(user=person, kind=notifications.RECEIVED).count() == 1
    again = client.post(
        f"{API}/{call.pk}/apply", {"motivation": "Robots"}, content_type="application/json"
    )
    assert again.status_code == 403
    assert again.json() == {"detail": "You have applied to this call already."}
    mine = client.get(f"{API}/mine").json()
    assert [item["call_title"] for item in mine["items"]] == [call.title]
    withdrawn = client.post(f"{API}/{call.pk}/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"


def test_refusals_carry_the_services_messages(at_open, time_machine):
    call, _draft = at_open
    empty = client_of(teacher()).post(
        f"{API}/{call.pk}/apply", {"motivation": "  "}, content_type="application/json"
    )
    assert empty.status_code == 422
    assert empty.json() == {"detail": "Please say why you want to take part."}
    italian = client_of(teacher_in("IT")).post(
        f"{API}/{call.pk}/apply", {"motivation": "x"}, content_type="application/json"
    )
    assert italian.status_code == 403
    assert "no places for teachers from Italy" in italian.json()["detail"]
    time_machine.move_to(CLOSES, tick=False)
    late = client_of(teacher()).post(
        f"{API}/{call.pk}/apply", {"motivation": "x"}, content_type="application/json"
    )
    assert late.status_code == 403
    assert late.json()["detail"].startswith("Applications closed on")
    assert not Application.objects.exists()


def test_applying_needs_a_session(at_open):
    call, _draft = at_open
    response = Client().post(
        f"{API}/{call.pk}/apply", {"motivation": "x"}, content_type="application/json"
    )
    assert response.status_code == 401

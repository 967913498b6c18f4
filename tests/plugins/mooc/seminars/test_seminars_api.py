"""The seminars' REST routes at /api/v1/seminars/: public announcements, drafts hidden,
registering and cancelling through the services with their reasons."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from plugins.mooc.seminars import queries
from tests.factories.mooc_seminars import announced_seminar, new_seminar, nss, teacher
from tests.support.mooc_seminars import OPENS, SECOND, START, T0

pytestmark = pytest.mark.django_db

BASE = "/api/v1/seminars/"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def organiser():
    return nss("ES")


@pytest.fixture
def seminar(organiser, time_machine):
    time_machine.move_to(T0, tick=False)
    return announced_seminar(actor=organiser, starts_at=START, capacity=1)


def test_the_list_holds_announced_seminars_by_section(client, organiser, seminar):
    new_seminar(actor=organiser, title="A draft")
    announced_seminar(actor=organiser, starts_at=T0 - timedelta(days=2), title="Gone by")
    items = client.get(BASE).json()["items"]
    assert [item["title"] for item in items] == [seminar.title]
    item = items[0]
    assert item["description"] == "An hour of ideas for first steps in programming."
    assert item["speakers"] == [{"name": "Ada Speaker", "affiliation": "University of Sevilla"}]
    assert (item["language"], item["country"], item["phase"]) == ("en", "ES", "announced")
    assert "live_link" not in item
    past = client.get(BASE + "?show=past").json()["items"]
    assert [item["title"] for item in past] == ["Gone by"]
    assert client.get(BASE + "?show=open").json()["items"] == []
    assert client.get(BASE + "?show=nonsense").status_code == 422


def test_a_draft_is_404_but_for_its_organisers(client, organiser):
    draft = new_seminar(actor=organiser)
    assert client.get(f"{BASE}{draft.pk}").status_code == 404
    assert client_of(organiser).get(f"{BASE}{draft.pk}").status_code == 200
    assert client.get(f"{BASE}99999999").status_code == 404


def test_registering_then_waiting_then_cancelling(seminar, time_machine):
    first, second = teacher(), teacher()
    refused = client_of(first).post(f"{BASE}{seminar.pk}/register")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Registration opens on 4 March 2027, 09:00."}

    time_machine.move_to(OPENS + SECOND, tick=False)
    seated = client_of(first).post(f"{BASE}{seminar.pk}/register")
    assert seated.status_code == 201 and seated.json()["status"] == "seated"
    waits = client_of(second).post(f"{BASE}{seminar.pk}/register")
    assert waits.json() == {
        "status": "waiting",
        "waiting_position": 1,
        "detail": "The seminar is full: you are number 1 on the waiting list.",
    }
    again = client_of(first).post(f"{BASE}{seminar.pk}/register")
    assert (again.status_code, again.json()) == (403, {"detail": "You are already registered."})

    cancelled = client_of(first).post(f"{BASE}{seminar.pk}/cancel")
    assert cancelled.status_code == 200
    assert list(queries.registrants(seminar)) == [second]
    assert client_of(first).post(f"{BASE}{seminar.pk}/cancel").status_code == 403


def test_changes_need_a_session(client, seminar):
    assert client.post(f"{BASE}{seminar.pk}/register").status_code == 401

"""The REST API at /api/v1/ with its OpenAPI schema and interactive docs."""

from __future__ import annotations

import pytest

from core import services
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_published_with_core_routes(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "OpenTwin API"
    assert {"/api/v1/me", "/api/v1/notifications", "/api/v1/notifications/read"} <= set(
        schema["paths"]
    )


def test_interactive_docs_are_served(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "openapi.json" in response.text


def test_me_needs_a_session(client):
    assert client.get("/api/v1/me").status_code == 401


def test_me_returns_my_account_without_private_fields(client):
    teacher = TeacherFactory(username="ana")
    client.force_login(teacher)
    body = client.get("/api/v1/me").json()
    assert body["username"] == "ana"
    assert body["state"] == "validated"
    assert "password" not in body
    assert "email" not in body


def test_notifications_are_paginated_and_only_mine(client):
    me, other = TeacherFactory(), TeacherFactory()
    for number in range(3):
        services.notify(me, kind="k", title=f"mine {number}")
    services.notify(other, kind="k", title="theirs")
    client.force_login(me)
    body = client.get("/api/v1/notifications?limit=2").json()
    assert body["count"] == 3
    assert len(body["items"]) == 2
    assert all(item["title"].startswith("mine") for item in body["items"])


def test_someone_elses_notification_is_not_found(client):
    me, other = TeacherFactory(), TeacherFactory()
    theirs = services.notify(other, kind="k", title="theirs")
    client.force_login(me)
    assert client.get(f"/api/v1/notifications/{theirs.pk}").status_code == 404


def test_mark_read_needs_the_csrf_token(client):
    from django.test import Client

    me = TeacherFactory()
    services.notify(me, kind="k", title="t")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(me)
    response = strict.post("/api/v1/notifications/read", {}, content_type="application/json")
    assert response.status_code == 403
    client.force_login(me)
    response = client.post("/api/v1/notifications/read", {}, content_type="application/json")
    assert response.json() == {"marked": 1}

"""The account and support routes of the REST API (/api/v1/account/, /api/v1/support/)."""

from __future__ import annotations

import pytest
from django.core import mail

from core.models import SupportRequest
from core.support import services
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db

ROUTES = [
    ("get", "/api/v1/account/profile"),
    ("patch", "/api/v1/account/profile"),
    ("get", "/api/v1/account/registration"),
    ("get", "/api/v1/support/requests"),
    ("post", "/api/v1/support/requests"),
    ("get", "/api/v1/support/requests/{request_id}"),
]


def test_account_and_support_routes_are_documented_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for method, route in ROUTES:
        operation = paths[route][method]
        assert operation["summary"]
        assert "200" in operation["responses"] or "201" in operation["responses"]
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "username" not in schemas["ProfilePatchIn"]["properties"]
    assert schemas["ProfilePatchIn"]["additionalProperties"] is False


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_routes_need_a_session(client, method, route):
    response = getattr(client, method)(
        route.format(request_id=1), {}, content_type="application/json"
    )
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_pupils_get_403(client, method, route):
    client.force_login(PupilFactory())
    response = getattr(client, method)(
        route.format(request_id=1),
        {"topic": "other", "question": "Hi"} if method == "post" else {},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not SupportRequest.objects.exists()


def test_teacher_opens_a_request_through_the_api_and_the_nss_is_notified(
    client, teacher, nss_es, nss_fr, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/support/requests",
            {"topic": "tools", "question": "Where are the forums?", "project_title": "Rivers"},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open"
    assert body["country"] == "ES"
    assert body["messages"] == []
    assert [message.to for message in mail.outbox] == [[nss_es.email]]


def test_api_refuses_a_too_long_question_with_a_message(client, teacher):
    client.force_login(teacher)
    response = client.post(
        "/api/v1/support/requests",
        {"topic": "tools", "question": "x" * 5001},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "at most 5000 characters" in response.json()["detail"]
    assert not SupportRequest.objects.exists()


def test_api_lists_only_my_requests_and_hides_others(client, teacher, nss_es, make_teacher):
    mine = services.open_support_request(actor=teacher, topic="other", question="Mine")
    services.answer_support_request(actor=nss_es, support_request=mine, body="Answer")
    theirs = services.open_support_request(
        actor=make_teacher("ES"), topic="other", question="Theirs"
    )
    client.force_login(teacher)
    listing = client.get("/api/v1/support/requests").json()
    assert listing["count"] == 1
    assert listing["items"][0]["question"] == "Mine"
    detail = client.get(f"/api/v1/support/requests/{mine.pk}").json()
    assert detail["status"] == "answered"
    assert detail["messages"][0]["body"] == "Answer"
    assert detail["messages"][0]["from_teacher"] is False
    assert client.get(f"/api/v1/support/requests/{theirs.pk}").status_code == 404

"""The REST routes of a teacher's National Quality Label applications: mine, applying
and withdrawing need a session; the services' refusals answer 403 and 422 with their
own messages and change nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from plugins.labels.models import QualityLabelApplication
from plugins.labels.quality import criteria, services
from tests.factories.twinspace import teacher_in
from tests.support.labels import EVIDENCE, YES, approved_project

pytestmark = pytest.mark.django_db

API = "/api/v1/quality-labels"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def payload(project, **overrides) -> dict:
    return {"project_id": project.pk, "eligibility": YES, "evidence": EVIDENCE, **overrides}


def test_applying_listing_mine_and_withdrawing_through_the_api(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(django_capture_on_commit_callbacks, title="Rivers")
    client = client_of(project.founder)
    response = client.post(f"{API}/", payload(project), content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "submitted"
    assert body["state_label"] == "Submitted"
    assert body["school_year"] == "2026/27"
    assert body["project_title"] == "Rivers"
    application = QualityLabelApplication.objects.get()
    assert body["url"] == f"/quality-labels/{application.pk}/"
    mine = client.get(f"{API}/mine").json()
    assert [item["id"] for item in mine["items"]] == [application.pk]
    withdrawn = client.post(f"{API}/{application.pk}/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["state"] == "withdrawn"
    again = client.post(f"{API}/{application.pk}/withdraw")
    assert again.status_code == 403
    assert again.json() == {"detail": "This application is closed."}


def test_refusals_answer_403_and_422_with_the_services_reason_and_save_nothing(
    inside, django_capture_on_commit_callbacks
):
    national = approved_project(
        django_capture_on_commit_callbacks, founder=teacher_in("ES"), cofounder=teacher_in("ES")
    )
    refused = client_of(national.founder).post(
        f"{API}/", payload(national), content_type="application/json"
    )
    assert refused.status_code == 403
    assert "this project is national" in refused.json()["detail"]
    project = approved_project(django_capture_on_commit_callbacks)
    no = client_of(project.founder).post(
        f"{API}/",
        payload(project, eligibility={**YES, "own_work": False}),
        content_type="application/json",
    )
    assert no.status_code == 422
    question = next(q for q in criteria.ELIGIBILITY if q.key == "own_work")
    assert no.json() == {"detail": str(question.refusal)}
    bad_link = client_of(project.founder).post(
        f"{API}/",
        payload(project, evidence={**EVIDENCE, "results": {"text": "x", "links": ["nope"]}}),
        content_type="application/json",
    )
    assert bad_link.status_code == 422
    assert not QualityLabelApplication.objects.exists()


def test_others_cannot_see_or_withdraw_an_application(inside, django_capture_on_commit_callbacks):
    project = approved_project(django_capture_on_commit_callbacks)
    application = services.apply_for_quality_label(
        actor=project.founder, project_id=project.pk, eligibility=YES, evidence=EVIDENCE
    )
    stranger = client_of(teacher_in("ES"))
    assert stranger.post(f"{API}/{application.pk}/withdraw").status_code == 404
    assert stranger.get(f"{API}/mine").json()["items"] == []
    assert client_of(project.founder).post(f"{API}/987654/withdraw").status_code == 404
    assert (
        client_of(project.founder).post(f"{API}/99999999999999999999/withdraw").status_code == 404
    )
    application.refresh_from_db()
    assert application.state == QualityLabelApplication.State.SUBMITTED


def test_the_routes_need_a_session(inside, django_capture_on_commit_callbacks):
    project = approved_project(django_capture_on_commit_callbacks)
    anonymous = Client()
    assert anonymous.get(f"{API}/mine").status_code == 401
    assert (
        anonymous.post(f"{API}/", payload(project), content_type="application/json").status_code
        == 401
    )
    assert not QualityLabelApplication.objects.exists()

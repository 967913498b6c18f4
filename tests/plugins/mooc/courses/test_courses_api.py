"""The courses REST API: open courses, a course's outline, enrolling and leaving, my
enrolments with progress, marking units done; 401 without a session, 403 and 422 with
the service's reasons, 404 for drafts."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from plugins.mooc.models.courses import Enrolment
from tests.factories.mooc_courses import OPENS, T0, new_course, nss, published_course, teacher

pytestmark = pytest.mark.django_db

API = "/api/v1/courses"
DURING = OPENS + timedelta(hours=1)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world():
    organiser = nss("ES")
    with time_machine.travel(T0, tick=False):
        course, units = published_course(actor=organiser, units=2, optional=1)
        draft = new_course(actor=organiser, title="Still a draft")
    with time_machine.travel(DURING, tick=False):
        yield {"course": course, "units": units, "draft": draft, "organiser": organiser}


def test_the_list_holds_published_open_courses(world):
    items = Client().get(f"{API}/").json()["items"]
    assert [item["title"] for item in items] == [world["course"].title]
    assert items[0]["pacing"] == "self_paced" and items[0]["language"] == "en"


def test_a_course_gives_its_outline_and_a_draft_is_not_found(world):
    course = world["course"]
    data = Client().get(f"{API}/{course.pk}").json()
    assert [unit["title"] for unit in data["units"]] == ["Unit 1", "Unit 2", "Going further 1"]
    assert [unit["required"] for unit in data["units"]] == [True, True, False]
    assert Client().get(f"{API}/{world['draft'].pk}").status_code == 404


def test_enrol_mark_done_and_my_enrolments(world):
    course, units = world["course"], world["units"]
    learner = teacher()
    client = client_of(learner)
    response = client.post(f"{API}/{course.pk}/enrol")
    assert response.status_code == 201
    assert response.json() == {"done": 0, "required": 2, "percent": 0, "completed_at": None}
    response = client.post(f"{API}/{course.pk}/units/{units[0].pk}/done")
    assert response.status_code == 200 and response.json()["percent"] == 50
    (mine,) = client.get(f"{API}/mine").json()["items"]
    assert mine["course"]["title"] == course.title
    assert mine["progress"]["done"] == 1 and mine["units_done"] == [units[0].pk]
    response = client.post(f"{API}/{course.pk}/units/{units[1].pk}/done")
    assert response.json()["completed_at"] is not None
    response = client.delete(f"{API}/{course.pk}/units/{units[1].pk}/done")
    assert response.status_code == 200
    assert response.json()["done"] == 1 and response.json()["completed_at"] is not None


def test_refusals_carry_the_services_reasons(world):
    course, units = world["course"], world["units"]
    learner = teacher()
    client = client_of(learner)
    response = client.post(f"{API}/{course.pk}/units/{units[0].pk}/done")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only the course's learners mark units done."
    client.post(f"{API}/{course.pk}/enrol")
    response = client.post(f"{API}/{course.pk}/enrol")
    assert response.status_code == 403
    assert response.json()["detail"] == "You are already enrolled in this course."
    response = client.delete(f"{API}/{course.pk}/units/{units[0].pk}/done")
    assert response.status_code == 422
    assert response.json()["detail"] == "This unit is not marked done."
    assert client.post(f"{API}/{course.pk}/units/999999/done").status_code == 404
    assert client.post(f"{API}/{world['draft'].pk}/enrol").status_code == 404


def test_leave_keeps_the_enrolment_for_a_return(world):
    course = world["course"]
    client = client_of(teacher())
    client.post(f"{API}/{course.pk}/enrol")
    response = client.post(f"{API}/{course.pk}/leave")
    assert response.status_code == 200 and response.json()["detail"] == "You left the course."
    assert client.get(f"{API}/mine").json()["items"] == []
    assert Enrolment.objects.get(course=course).left_at is not None


def test_changes_and_mine_need_a_session(world):
    course = world["course"]
    assert Client().post(f"{API}/{course.pk}/enrol").status_code == 401
    assert Client().get(f"{API}/mine").status_code == 401

"""The account routes of the REST API (/api/v1/account/): my profile, my registration."""

from __future__ import annotations

import pytest
from django.test import Client

from core.accounts import services as accounts_services
from core.models import Country, Language, Subject, User, ValidationRequest
from tests.factories import SchoolFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(db) -> User:
    return TeacherFactory(
        school=SchoolFactory(country=Country.objects.get(code="ES")),
        username="ana",
        first_name="Ana",
        last_name="García",
    )


def test_profile_shows_my_public_profile(client, teacher):
    teacher.subjects.set(Subject.objects.filter(code__in=["mathematics"]))
    teacher.bio = "I teach maths."
    teacher.save()
    client.force_login(teacher)
    body = client.get("/api/v1/account/profile").json()
    assert body["first_name"] == "Ana"
    assert body["bio"] == "I teach maths."
    assert body["school_id"] == teacher.school_id
    assert body["school_name"] == teacher.school.name
    assert body["school_role"] == "teacher"
    assert [subject["code"] for subject in body["subjects"]] == list(
        teacher.subjects.values_list("code", flat=True)
    )
    assert "email" not in body and "password" not in body


def test_patch_profile_changes_names_bio_listing_subjects_and_languages(client, teacher):
    subject = Subject.objects.first()
    language = Language.objects.first()
    client.force_login(teacher)
    response = client.patch(
        "/api/v1/account/profile",
        {
            "first_name": "Anita",
            "bio": "Hello",
            "listed_in_search": False,
            "subjects": [subject.code],
            "languages": [language.code],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    teacher.refresh_from_db()
    assert teacher.first_name == "Anita"
    assert teacher.last_name == "García"  # not given: unchanged
    assert teacher.bio == "Hello"
    assert teacher.listed_in_search is False
    assert list(teacher.subjects.all()) == [subject]
    assert list(teacher.languages.all()) == [language]
    assert response.json()["subjects"] == [{"code": subject.code, "name": subject.name}]


def test_patch_profile_refuses_a_username_change(client, teacher):
    client.force_login(teacher)
    response = client.patch(
        "/api/v1/account/profile",
        {"username": "someone-else", "first_name": "Anita"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "username" in str(response.json()["detail"])
    teacher.refresh_from_db()
    assert teacher.username == "ana"
    assert teacher.first_name == "Ana"


def test_patch_profile_refuses_unknown_codes_and_empty_names_and_changes_nothing(client, teacher):
    client.force_login(teacher)
    response = client.patch(
        "/api/v1/account/profile",
        {"first_name": " ", "bio": "New", "subjects": ["astrology"], "languages": ["xx"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["first_name"] == ["This field cannot be empty."]
    assert errors["subjects"] == ["Unknown subject code(s): astrology."]
    assert errors["languages"] == ["Unknown language code(s): xx."]
    teacher.refresh_from_db()
    assert teacher.first_name == "Ana"
    assert teacher.bio == ""


def test_patch_profile_needs_the_csrf_token(teacher):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(teacher)
    response = strict.patch(
        "/api/v1/account/profile", {"bio": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    teacher.refresh_from_db()
    assert teacher.bio == ""


@pytest.mark.parametrize(
    ("state", "validation_status", "next_step"),
    [
        (User.State.EMAIL_UNVERIFIED, None, "verify_email"),
        (User.State.PROFILE_INCOMPLETE, None, "complete_profile"),
        (User.State.WAITING_VALIDATION, "head_teacher_pending", "wait_for_head_teacher"),
        (User.State.WAITING_VALIDATION, "nss_pending", "wait_for_nss"),
        (User.State.WAITING_VALIDATION, None, "complete_profile"),
        (User.State.VALIDATED, "validated", "none"),
        (User.State.REJECTED, "rejected", "contact_nss"),
        (User.State.BLOCKED, None, "contact_nss"),
        (User.State.INACTIVE, None, "contact_nss"),
        (User.State.DELETED, None, "contact_nss"),
    ],
)
def test_registration_status_gives_the_next_step_for_each_state(
    state, validation_status, next_step
):
    user = UserFactory(state=state)
    latest = None
    if validation_status:
        latest = ValidationRequest.objects.create(
            user=user, school=SchoolFactory(), status=validation_status
        )
    assert accounts_services.registration_next_step(user, latest) == next_step


def test_registration_endpoint_reports_my_latest_validation_request(client, teacher):
    ValidationRequest.objects.create(user=teacher, school=teacher.school, status="withdrawn")
    latest = ValidationRequest.objects.create(
        user=teacher, school=teacher.school, status="nss_pending"
    )
    teacher.state = User.State.WAITING_VALIDATION
    teacher.save()
    client.force_login(teacher)
    body = client.get("/api/v1/account/registration").json()
    assert body["state"] == "waiting_validation"
    assert body["email_verified"] is True
    assert body["school_id"] == teacher.school_id
    assert body["validation_status"] == "nss_pending"
    assert body["validation_requested_at"].startswith(latest.created_at.strftime("%Y-%m-%dT"))
    assert body["next_step"] == "wait_for_nss"

"""Public profile and school pages show only public fields of validated, listed teachers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import Language, Subject, User
from tests.factories import PupilFactory, SchoolFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_teachers_profile_shows_public_fields_only(client):
    teacher = TeacherFactory(
        username="ana",
        first_name="Ana",
        last_name="Alonso",
        email="ana.private@example.org",
        school__name="IES Ronda",
        school__town="Ronda",
    )
    teacher.subjects.set([Subject.objects.get(code="art")])
    teacher.languages.set([Language.objects.get(code="en")])
    page = client.get(reverse("core:person", args=["ana"])).content.decode()
    for shown in ("Ana Alonso", "IES Ronda", "Ronda", "Spain", "Art", "English"):
        assert shown in page
    assert "ana.private@example.org" not in page
    assert teacher.school.head_teacher_email not in page


@pytest.mark.parametrize(
    "make",
    [
        lambda: PupilFactory(username="someone"),
        lambda: TeacherFactory(username="someone", listed_in_search=False),
        lambda: TeacherFactory(username="someone", state=User.State.WAITING_VALIDATION),
        lambda: TeacherFactory(username="someone", state=User.State.BLOCKED),
        lambda: UserFactory(username="someone", kind=User.Kind.STAFF),
    ],
    ids=["pupil", "unlisted", "not-validated", "blocked", "staff"],
)
def test_profile_page_is_404_for_pupils_unlisted_unvalidated_blocked_and_staff(client, make):
    make()
    assert client.get(reverse("core:person", args=["someone"])).status_code == 404


def test_school_page_lists_its_validated_listed_teachers_only(client):
    school = SchoolFactory(name="IES Ronda")
    TeacherFactory(first_name="Ana", last_name="Listed", school=school)
    TeacherFactory(first_name="Bob", last_name="Unlisted", school=school, listed_in_search=False)
    TeacherFactory(
        first_name="Cy", last_name="Waiting", school=school, state=User.State.WAITING_VALIDATION
    )
    PupilFactory(first_name="Pupil", last_name="Member", school=school)
    page = client.get(reverse("core:school", args=[school.pk])).content.decode()
    assert "IES Ronda" in page and "Ana Listed" in page
    for hidden in ("Unlisted", "Waiting", "Member", school.head_teacher_email):
        assert hidden not in page


def test_a_merged_school_redirects_to_the_school_it_was_merged_into(client):
    target = SchoolFactory()
    middle = SchoolFactory(merged_into=target)
    duplicate = SchoolFactory(merged_into=middle)
    response = client.get(reverse("core:school", args=[duplicate.pk]))
    assert response.status_code == 301
    assert response["Location"] == reverse("core:school", args=[target.pk])

"""Phase 3: the school (chosen from the list or added) and the role, then validation is
requested; a validated teacher who changes school is validated again (DOMAIN.md §2.3, §2.5)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEntry, Country, Level, Region, School, User, ValidationRequest
from core.registration import services
from tests.factories import SchoolFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

SCHOOL_STEP = "/register/school/"
CHANGE_SCHOOL = "/profile/school/"
ADMINISTRATIVE_REFUSED = "Administrative and company staff cannot take part in OpenTwin."


@pytest.fixture
def school() -> School:
    return SchoolFactory(
        name="IES Triana", town="Sevilla", head_teacher_email="head@triana.example.org"
    )


@pytest.fixture
def logged_in(client, incomplete_teacher):
    client.force_login(incomplete_teacher)
    return incomplete_teacher


def new_school_post(**changes) -> dict:
    spain = Country.objects.get(code="ES")
    data = {
        "action": "create",
        "new-name": "CEIP Nueva",
        "new-country": spain.pk,
        "new-region": Region.objects.get(country=spain, name__startswith="Andaluc").pk,
        "new-town": "Málaga",
        "new-address": "",
        "new-levels": [Level.objects.get(code="primary").pk],
        "new-head_teacher_name": "Ana Ruiz",
        "new-head_teacher_email": "ana.ruiz@nueva.example.org",
        "new-school_role": "teacher",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_school_step_url_names():
    assert reverse("core:register-school") == SCHOOL_STEP
    assert reverse("core:register-waiting") == "/register/waiting/"
    assert reverse("core:change-school") == CHANGE_SCHOOL


def test_choosing_a_school_requests_validation_and_emails_the_head_teacher(
    client, logged_in, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SCHOOL_STEP,
            {"action": "choose", "choose-school": school.pk, "choose-school_role": "librarian"},
        )
    assert response.status_code == 302
    assert response.url == reverse("core:register-waiting")
    logged_in.refresh_from_db()
    assert logged_in.state == User.State.WAITING_VALIDATION
    assert logged_in.school == school
    assert logged_in.school_role == User.SchoolRole.LIBRARIAN
    validation = ValidationRequest.objects.get(user=logged_in)
    assert validation.status == ValidationRequest.Status.HEAD_TEACHER_PENDING
    assert validation.school == school
    head_teacher_mail = [m for m in mail.outbox if m.to == ["head@triana.example.org"]]
    assert len(head_teacher_mail) == 1
    assert "/validation/head-teacher/" in head_teacher_mail[0].body
    assert AuditEntry.objects.filter(action="registration.completed", actor=logged_in).exists()


def test_waiting_page_explains_the_next_steps(client, logged_in, school):
    response = client.post(
        SCHOOL_STEP,
        {"action": "choose", "choose-school": school.pk, "choose-school_role": "teacher"},
        follow=True,
    )
    content = response.content.decode()
    assert "Waiting for validation" in content
    assert "Your head teacher receives an e-mail" in content
    assert "National Support Service" in content


def test_creating_a_school_registers_it_and_requests_validation(
    client, logged_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SCHOOL_STEP, new_school_post())
    assert response.status_code == 302
    created = School.objects.get(name="CEIP Nueva")
    assert created.region.name.startswith("Andaluc")
    assert list(created.levels.values_list("code", flat=True)) == ["primary"]
    assert created.head_teacher_email == "ana.ruiz@nueva.example.org"
    logged_in.refresh_from_db()
    assert logged_in.school == created
    assert logged_in.state == User.State.WAITING_VALIDATION
    assert AuditEntry.objects.filter(action="registration.school_created").count() == 1
    assert [m.to for m in mail.outbox if "/validation/head-teacher/" in m.body] == [
        ["ana.ruiz@nueva.example.org"]
    ]


@pytest.mark.parametrize(
    "field",
    [
        "new-name",
        "new-country",
        "new-town",
        "new-levels",
        "new-head_teacher_name",
        "new-head_teacher_email",
        "new-school_role",
    ],
)
def test_every_compulsory_field_of_a_new_school_is_required(client, logged_in, field):
    response = client.post(SCHOOL_STEP, new_school_post(**{field: None}))
    assert response.status_code == 200
    assert response.context["new_form"].errors[field.removeprefix("new-")]
    assert not School.objects.filter(name="CEIP Nueva").exists()
    logged_in.refresh_from_db()
    assert logged_in.state == User.State.PROFILE_INCOMPLETE


def test_region_is_required_when_the_country_has_regions(client, logged_in):
    response = client.post(SCHOOL_STEP, new_school_post(**{"new-region": None}))
    assert response.context["new_form"].errors["region"] == ["Choose the region of the school."]
    assert not School.objects.filter(name="CEIP Nueva").exists()


def test_region_is_optional_when_the_country_has_none(client, logged_in):
    france = Country.objects.get(code="FR")
    response = client.post(
        SCHOOL_STEP, new_school_post(**{"new-country": france.pk, "new-region": None})
    )
    assert response.status_code == 302
    assert School.objects.get(name="CEIP Nueva").country == france


def test_creating_a_school_with_a_region_of_another_country_is_refused(client, logged_in):
    france = Country.objects.get(code="FR")
    response = client.post(SCHOOL_STEP, new_school_post(**{"new-country": france.pk}))
    assert response.status_code == 200
    assert response.context["new_form"].errors["region"] == [
        "This region does not belong to the country you chose."
    ]
    assert not School.objects.filter(name="CEIP Nueva").exists()
    logged_in.refresh_from_db()
    assert logged_in.state == User.State.PROFILE_INCOMPLETE
    assert not ValidationRequest.objects.exists()


def test_service_refuses_a_region_of_another_country(incomplete_teacher):
    andalucia = Region.objects.filter(country__code="ES").first()
    data = {
        "name": "X",
        "country": Country.objects.get(code="FR"),
        "region": andalucia,
        "town": "Lyon",
        "address": "",
        "levels": Level.objects.filter(code="primary"),
        "head_teacher_name": "H",
        "head_teacher_email": "h@example.org",
    }
    with pytest.raises(services.ValidationError):
        services.complete_registration(
            actor=incomplete_teacher, school=None, school_role="teacher", new_school_data=data
        )
    assert not School.objects.filter(name="X").exists()


def test_choosing_administrative_staff_is_refused_and_changes_nothing(client, logged_in, school):
    response = client.post(
        SCHOOL_STEP,
        {
            "action": "choose",
            "choose-school": school.pk,
            "choose-school_role": services.ADMINISTRATIVE_STAFF,
        },
    )
    assert response.status_code == 200
    assert response.context["choose_form"].errors["school_role"] == [ADMINISTRATIVE_REFUSED]
    assert ADMINISTRATIVE_REFUSED in response.content.decode()
    logged_in.refresh_from_db()
    assert logged_in.state == User.State.PROFILE_INCOMPLETE
    assert logged_in.school is None and logged_in.school_role == ""
    assert not ValidationRequest.objects.exists()
    assert mail.outbox == []


def test_service_refuses_administrative_staff(incomplete_teacher, school):
    with pytest.raises(services.ValidationError) as error:
        services.complete_registration(
            actor=incomplete_teacher, school=school, school_role=services.ADMINISTRATIVE_STAFF
        )
    assert error.value.messages == [ADMINISTRATIVE_REFUSED]
    incomplete_teacher.refresh_from_db()
    assert incomplete_teacher.state == User.State.PROFILE_INCOMPLETE


def test_administrative_staff_is_offered_in_the_role_list(client, logged_in, school):
    content = client.get(SCHOOL_STEP).content.decode()
    assert f'value="{services.ADMINISTRATIVE_STAFF}"' in content
    assert "Administrative or company staff" in content


def test_choosing_no_school_is_refused_with_a_message(client, logged_in, school):
    response = client.post(SCHOOL_STEP, {"action": "choose", "choose-school_role": "teacher"})
    assert response.context["choose_form"].errors["school"] == ["Choose your school from the list."]
    assert not ValidationRequest.objects.exists()


def test_school_list_searches_name_and_town_case_insensitively(client, logged_in):
    SchoolFactory(name="IES Triana", town="Sevilla")
    SchoolFactory(name="Lycée Molière", town="Paris", country=Country.objects.get(code="FR"))
    SchoolFactory(name="CEIP Andalucía", town="Granada")

    def names(query: dict) -> list[str]:
        return [s.name for s in client.get(SCHOOL_STEP, query).context["page"].object_list]

    assert names({"q": "triana"}) == ["IES Triana"]
    assert names({"q": "GRANADA"}) == ["CEIP Andalucía"]
    assert names({"country": Country.objects.get(code="FR").pk}) == ["Lycée Molière"]
    assert names({"q": "ies", "country": Country.objects.get(code="FR").pk}) == []


def test_school_list_never_shows_merged_duplicates(client, logged_in, school):
    SchoolFactory(name="IES Triana (duplicate)", merged_into=school)
    response = client.get(SCHOOL_STEP, {"q": "triana"})
    assert [s.name for s in response.context["page"].object_list] == ["IES Triana"]
    assert "duplicate" not in response.content.decode()


def test_merged_duplicate_cannot_be_chosen(client, logged_in, school):
    duplicate = SchoolFactory(name="Dup", merged_into=school)
    response = client.post(
        SCHOOL_STEP,
        {"action": "choose", "choose-school": duplicate.pk, "choose-school_role": "teacher"},
    )
    assert response.status_code == 200
    assert not ValidationRequest.objects.exists()


def test_school_list_is_paginated_by_twenty_and_keeps_the_search(client, logged_in):
    for number in range(25):
        SchoolFactory(name=f"Colegio {number:02d}")
    response = client.get(SCHOOL_STEP, {"q": "colegio"})
    assert len(response.context["page"].object_list) == 20
    assert "?q=colegio&amp;page=2" in response.content.decode()
    second = client.get(SCHOOL_STEP, {"q": "colegio", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_school_list_makes_the_same_number_of_queries_for_3_or_30_schools(client, logged_in):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(SCHOOL_STEP).status_code == 200
        return len(context.captured_queries)

    SchoolFactory.create_batch(3)
    few = queries()
    SchoolFactory.create_batch(27)
    assert queries() == few


def test_rejected_teacher_may_try_again_with_another_school(
    client, school, django_capture_on_commit_callbacks
):
    teacher = TeacherFactory(state=User.State.REJECTED)
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SCHOOL_STEP,
            {"action": "choose", "choose-school": school.pk, "choose-school_role": "teacher"},
        )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.state == User.State.WAITING_VALIDATION
    assert teacher.school == school


def test_validated_teacher_is_sent_from_the_school_step_to_change_school(client):
    client.force_login(TeacherFactory())
    response = client.get(SCHOOL_STEP)
    assert response.url == CHANGE_SCHOOL


def test_change_of_school_puts_a_validated_teacher_back_to_waiting_with_a_new_request(
    client, school, django_capture_on_commit_callbacks
):
    teacher = TeacherFactory()
    old_school = teacher.school
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGE_SCHOOL,
            {
                "action": "choose",
                "choose-school": school.pk,
                "choose-school_role": "head_teacher",
                "choose-confirm": "on",
            },
        )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.state == User.State.WAITING_VALIDATION
    assert teacher.school == school
    assert teacher.school_role == User.SchoolRole.HEAD_TEACHER
    validation = ValidationRequest.objects.get(user=teacher)
    assert validation.school == school
    assert validation.status == ValidationRequest.Status.HEAD_TEACHER_PENDING
    assert [m.to for m in mail.outbox if "/validation/head-teacher/" in m.body] == [
        ["head@triana.example.org"]
    ]
    entry = AuditEntry.objects.get(action="registration.school_changed")
    assert entry.data["old_school"] == old_school.pk


def test_change_of_school_needs_the_confirmation(client, school):
    teacher = TeacherFactory()
    client.force_login(teacher)
    response = client.post(
        CHANGE_SCHOOL,
        {"action": "choose", "choose-school": school.pk, "choose-school_role": "teacher"},
    )
    assert response.status_code == 200
    assert response.context["choose_form"].errors["confirm"] == ["This field is required."]
    assert "I understand that I will be validated again" in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.state == User.State.VALIDATED
    assert not ValidationRequest.objects.exists()


def test_change_of_school_can_add_a_new_school(client, django_capture_on_commit_callbacks):
    teacher = TeacherFactory()
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGE_SCHOOL, new_school_post(**{"new-confirm": "on"}))
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.school.name == "CEIP Nueva"
    assert teacher.state == User.State.WAITING_VALIDATION


def test_change_of_school_to_the_same_school_is_refused(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    response = client.post(
        CHANGE_SCHOOL,
        {
            "action": "choose",
            "choose-school": teacher.school.pk,
            "choose-school_role": "teacher",
            "choose-confirm": "on",
        },
    )
    assert response.status_code == 200
    assert "This is already your school." in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.state == User.State.VALIDATED


def test_change_of_school_refuses_administrative_staff(client, school):
    teacher = TeacherFactory()
    client.force_login(teacher)
    response = client.post(
        CHANGE_SCHOOL,
        {
            "action": "choose",
            "choose-school": school.pk,
            "choose-school_role": services.ADMINISTRATIVE_STAFF,
            "choose-confirm": "on",
        },
    )
    assert ADMINISTRATIVE_REFUSED in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.state == User.State.VALIDATED
    assert teacher.school != school


def test_change_school_service_refuses_accounts_that_are_not_registered(school):
    with pytest.raises(services.ValidationError):
        services.change_school(
            actor=UserFactory(state=User.State.PROFILE_INCOMPLETE),
            school=school,
            school_role="teacher",
        )

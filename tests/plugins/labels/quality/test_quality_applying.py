"""Applying for the National Quality Label (DOMAIN.md §7, issue 13 item 1): a validated
teacher of an approved European project, inside their country's window, once per project,
at most four times a school year; every refusal says why and changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEntry, Country, Notification, User
from plugins.labels.models import QualityLabelApplication
from plugins.labels.quality import notifications, services
from tests.factories.twinspace import teacher_in
from tests.support.labels import (
    CLOSES,
    EVIDENCE,
    OPENS,
    YES,
    approved_project,
    join_as_teacher,
    nss_of,
)

pytestmark = pytest.mark.django_db


def apply(teacher: User, project, **overrides) -> QualityLabelApplication:
    return services.apply_for_quality_label(
        actor=teacher,
        project_id=project.pk,
        eligibility=overrides.get("eligibility", YES),
        evidence=overrides.get("evidence", EVIDENCE),
    )


def test_a_teacher_of_a_european_project_applies_and_the_nss_is_told(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(django_capture_on_commit_callbacks, title="Rivers")
    application = apply(project.founder, project)
    assert application.state == QualityLabelApplication.State.SUBMITTED
    assert (application.school_year, application.number_in_year) == (2026, 1)
    assert application.project_title == "Rivers"
    assert application.country.code == "ES"
    assert application.evidence["collaboration"]["links"] == ["https://example.org/space/1/"]
    assert Notification.objects.filter(user=project.founder, kind=notifications.SUBMITTED).exists()
    assert Notification.objects.filter(user=nss_of("ES"), kind=notifications.TO_EVALUATE).exists()
    assert AuditEntry.objects.filter(action=services.APPLICATION_SUBMITTED).count() == 1


def test_a_teacher_member_who_joined_later_may_apply_too(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(django_capture_on_commit_callbacks)
    member = teacher_in("ES")
    join_as_teacher(django_capture_on_commit_callbacks, project, member)
    assert apply(member, project).applicant == member


def test_national_projects_are_refused(inside, django_capture_on_commit_callbacks):
    project = approved_project(
        django_capture_on_commit_callbacks, founder=teacher_in("ES"), cofounder=teacher_in("ES")
    )
    with pytest.raises(PermissionDenied, match="this project is national"):
        apply(project.founder, project)
    assert not QualityLabelApplication.objects.exists()


def test_unvalidated_teachers_and_outsiders_are_refused(inside, django_capture_on_commit_callbacks):
    project = approved_project(django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied, match="a project you teach in"):
        apply(teacher_in("ES"), project)
    founder = project.founder
    User.objects.filter(pk=founder.pk).update(state=User.State.WAITING_VALIDATION)
    founder.refresh_from_db()
    with pytest.raises(PermissionDenied, match="Only validated teachers"):
        apply(founder, project)


def test_the_window_counts_from_its_first_second_to_its_last(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(OPENS - timedelta(days=10), tick=False)
    project = approved_project(django_capture_on_commit_callbacks)
    services.set_window(
        actor=nss_of("ES"),
        country=Country.objects.get(code="ES"),
        school_year=2026,
        opens_at=OPENS,
        closes_at=CLOSES,
    )
    time_machine.move_to(OPENS - timedelta(seconds=1), tick=False)
    with pytest.raises(PermissionDenied, match="Applications open on"):
        apply(project.founder, project)
    time_machine.move_to(OPENS, tick=False)
    assert apply(project.founder, project)
    other = approved_project(django_capture_on_commit_callbacks, founder=project.founder)
    third = approved_project(django_capture_on_commit_callbacks, founder=project.founder)
    time_machine.move_to(CLOSES - timedelta(seconds=1), tick=False)
    assert apply(project.founder, other).number_in_year == 2
    time_machine.move_to(CLOSES, tick=False)
    with pytest.raises(PermissionDenied, match="closed in your country"):
        apply(project.founder, third)


def test_a_second_application_for_the_same_project_is_refused(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(django_capture_on_commit_callbacks)
    apply(project.founder, project)
    with pytest.raises(PermissionDenied, match="already applied"):
        apply(project.founder, project)
    assert QualityLabelApplication.objects.count() == 1


def test_the_fourth_application_of_a_school_year_is_accepted_and_the_fifth_refused(
    inside, django_capture_on_commit_callbacks
):
    founder = teacher_in("ES")
    projects = [
        approved_project(django_capture_on_commit_callbacks, founder=founder, title=f"P{n}")
        for n in range(5)
    ]
    for project in projects[:4]:
        apply(founder, project)
    assert QualityLabelApplication.objects.filter(applicant=founder).count() == 4
    with pytest.raises(PermissionDenied, match="4 applications this school year"):
        apply(founder, projects[4])
    assert QualityLabelApplication.objects.filter(applicant=founder).count() == 4


def test_every_eligibility_answer_must_be_yes_and_every_criterion_evidenced(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as error:
        apply(project.founder, project, eligibility={**YES, "rights_respected": False})
    assert "copyright" in error.value.message_dict["rights_respected"][0]
    with pytest.raises(ValidationError) as error:
        apply(project.founder, project, evidence={**EVIDENCE, "pedagogy": {"text": " "}})
    assert "Pedagogical approaches" in error.value.message_dict["pedagogy_text"][0]
    bad_link = {**EVIDENCE, "results": {"text": "Atlas", "links": ["javascript:alert(1)"]}}
    with pytest.raises(ValidationError):
        apply(project.founder, project, evidence=bad_link)
    assert not QualityLabelApplication.objects.exists()


def test_the_applicant_withdraws_and_may_apply_again_but_it_still_counts(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(django_capture_on_commit_callbacks)
    first = apply(project.founder, project)
    services.withdraw_application(actor=project.founder, application=first)
    first.refresh_from_db()
    assert first.state == QualityLabelApplication.State.WITHDRAWN
    again = apply(project.founder, project)
    assert again.number_in_year == 2
    with pytest.raises(PermissionDenied, match="Only the teacher who applied"):
        services.withdraw_application(actor=nss_of("ES"), application=again)


def test_only_the_countrys_nss_sets_its_window():
    spain = Country.objects.get(code="ES")
    with pytest.raises(PermissionDenied, match="National Support Service of the country"):
        services.set_window(
            actor=nss_of("FR"), country=spain, school_year=2026, opens_at=OPENS, closes_at=CLOSES
        )
    with pytest.raises(ValidationError):
        services.set_window(
            actor=nss_of("ES"), country=spain, school_year=2026, opens_at=CLOSES, closes_at=OPENS
        )
    services.set_window(
        actor=nss_of("ES"), country=spain, school_year=2026, opens_at=OPENS, closes_at=CLOSES
    )
    moved = services.set_window(
        actor=nss_of("ES"),
        country=spain,
        school_year=2026,
        opens_at=OPENS,
        closes_at=CLOSES + timedelta(days=7),
    )
    assert moved.closes_at == CLOSES + timedelta(days=7)


def test_the_school_year_starts_in_september():
    assert services.school_year_of(timezone.make_aware(datetime(2026, 9, 1, 0, 0))) == 2026
    assert services.school_year_of(timezone.make_aware(datetime(2026, 8, 31, 23, 59))) == 2025

"""Evaluating National Quality Label applications (issue 13 item 2): the rubric as data,
the NSS's and the regional representative's scores combined by the setting's rule, the
minimums holding whatever the total, and the award issued through the awards service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Country, Notification, Region, StaffRole
from plugins.labels.models import Award, Evaluation, QualityLabelApplication, RubricItem
from plugins.labels.quality import criteria, notifications, rubric, services
from tests.factories import SchoolFactory, TeacherFactory, UserFactory
from tests.factories.twinspace import teacher_in
from tests.support.labels import CLOSES, OPENS, approved_project, nss_of

pytestmark = pytest.mark.django_db

State = QualityLabelApplication.State


def full_marks() -> dict[str, int]:
    return {item.key: item.max_points for item in RubricItem.objects.all()}


def minimums() -> dict[str, int]:
    return {item.key: item.minimum_points for item in RubricItem.objects.all()}


@pytest.fixture
def application(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(OPENS + timedelta(days=1), tick=False)
    services.set_window(
        actor=nss_of("ES"),
        country=Country.objects.get(code="ES"),
        school_year=2026,
        opens_at=OPENS,
        closes_at=CLOSES,
    )
    project = approved_project(django_capture_on_commit_callbacks, title="Rivers")
    return services.apply_for_quality_label(
        actor=project.founder,
        project_id=project.pk,
        eligibility=dict.fromkeys(criteria.QUESTION_KEYS, True),
        evidence={key: {"text": "We did it.", "links": []} for key in criteria.CRITERION_KEYS},
    )


def regional_application(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(OPENS + timedelta(days=1), tick=False)
    spain = Country.objects.get(code="ES")
    region = Region.objects.get_or_create(country=spain, name="Andalucía")[0]
    representative = UserFactory(username="regional.rep", kind="staff")
    StaffRole.objects.create(
        user=representative, role=StaffRole.Role.REGIONAL_REPRESENTATIVE, region=region
    )
    founder = TeacherFactory(school=SchoolFactory(country=spain, region=region))
    services.set_window(
        actor=nss_of("ES"), country=spain, school_year=2026, opens_at=OPENS, closes_at=CLOSES
    )
    project = approved_project(django_capture_on_commit_callbacks, founder=founder)
    application = services.apply_for_quality_label(
        actor=founder,
        project_id=project.pk,
        eligibility=dict.fromkeys(criteria.QUESTION_KEYS, True),
        evidence={key: {"text": "We did it.", "links": []} for key in criteria.CRITERION_KEYS},
    )
    return application, representative


def test_the_default_rubric_has_30_points_and_three_minimums():
    items = rubric.items()
    assert sum(item.max_points for item in items) == 30
    assert {item.key for item in items if item.minimum_points} == {
        "pupils_online_collaboration",
        "ict_use",
        "gdpr_copyright_esafety",
    }


def test_the_nss_scores_decides_and_the_teacher_holds_the_label(
    application, django_capture_on_commit_callbacks
):
    nss = nss_of("ES")
    services.score_application(
        actor=nss, application=application, scores=full_marks(), comment="Fine work."
    )
    application.refresh_from_db()
    assert application.state == State.UNDER_EVALUATION
    services.decide_application(actor=nss, application=application, award=True)
    application.refresh_from_db()
    assert application.state == State.AWARDED and application.total_score == 30
    label = Award.objects.get(
        kind=Award.Kind.NATIONAL_QUALITY_LABEL, recipient_user=application.applicant
    )
    assert label.subject_id == application.project_id
    assert label.issuer_country.code == "ES"
    told = Notification.objects.get(user=application.applicant, kind=notifications.DECIDED)
    assert "30 of 30 points" in told.body and "Fine work." in told.body
    assert "Use of ICT by the pupils 4/4" in told.body


def test_a_minimum_missed_by_one_point_forbids_the_award_whatever_the_total(application):
    nss = nss_of("ES")
    scores = full_marks()
    scores["ict_use"] = minimums()["ict_use"] - 1
    services.score_application(actor=nss, application=application, scores=scores)
    with pytest.raises(PermissionDenied, match="minimum points on “Use of ICT by the pupils”"):
        services.decide_application(actor=nss, application=application, award=True)
    assert not Award.objects.filter(kind=Award.Kind.NATIONAL_QUALITY_LABEL).exists()
    # Exactly the minimum is enough.
    scores["ict_use"] = minimums()["ict_use"]
    services.score_application(actor=nss, application=application, scores=scores)
    services.decide_application(actor=nss, application=application, award=True)
    application.refresh_from_db()
    assert application.state == State.AWARDED


def test_not_awarding_needs_a_reason_and_tells_the_teacher(application):
    nss = nss_of("ES")
    services.score_application(actor=nss, application=application, scores=minimums())
    with pytest.raises(ValidationError, match="Say why"):
        services.decide_application(actor=nss, application=application, award=False)
    services.decide_application(
        actor=nss, application=application, award=False, comment="Too little collaboration."
    )
    application.refresh_from_db()
    assert application.state == State.NOT_AWARDED
    told = Notification.objects.get(user=application.applicant, kind=notifications.DECIDED)
    assert "is not awarded" in told.title and "Too little collaboration." in told.body


def test_scores_out_of_range_are_refused_and_change_nothing(application):
    scores = full_marks()
    scores["shared_tasks"] = 99
    with pytest.raises(ValidationError) as error:
        services.score_application(actor=nss_of("ES"), application=application, scores=scores)
    assert "from 0 to 3 points" in error.value.message_dict["shared_tasks"][0]
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert not Evaluation.objects.exists()


def test_deciding_needs_scores_and_only_the_countrys_nss_decides(application):
    with pytest.raises(PermissionDenied, match="Score the application"):
        services.decide_application(actor=nss_of("ES"), application=application, award=True)
    with pytest.raises(PermissionDenied):
        services.score_application(actor=nss_of("FR"), application=application, scores=full_marks())
    with pytest.raises(PermissionDenied):
        services.score_application(
            actor=teacher_in("ES"), application=application, scores=full_marks()
        )


def test_where_the_school_has_a_region_its_representative_scores_too(
    time_machine, django_capture_on_commit_callbacks, settings
):
    settings.OPENTWIN_NQL_SCORE_RULE = "average"
    application, representative = regional_application(
        time_machine, django_capture_on_commit_callbacks
    )
    nss = nss_of("ES")
    services.score_application(actor=nss, application=application, scores=full_marks())
    with pytest.raises(PermissionDenied, match="regional representative has not scored"):
        services.decide_application(actor=nss, application=application, award=True)
    low = full_marks()
    low["ict_use"] = 1  # the average of 4 and 1 is 2.5: still above the minimum of 2
    services.score_application(actor=representative, application=application, scores=low)
    with pytest.raises(PermissionDenied, match="Only the National Support Service"):
        services.decide_application(actor=representative, application=application, award=True)
    combined = services.combined_scores(application)
    assert combined.points["ict_use"] == 2.5 and combined.total == 28.5
    services.decide_application(actor=nss, application=application, award=True)


@pytest.mark.parametrize(("rule", "ict", "awardable"), [("lowest", 1, False), ("nss", 4, True)])
def test_the_combination_rule_is_a_setting(
    time_machine, django_capture_on_commit_callbacks, settings, rule, ict, awardable
):
    settings.OPENTWIN_NQL_SCORE_RULE = rule
    application, representative = regional_application(
        time_machine, django_capture_on_commit_callbacks
    )
    services.score_application(actor=nss_of("ES"), application=application, scores=full_marks())
    low = full_marks()
    low["ict_use"] = 1
    services.score_application(actor=representative, application=application, scores=low)
    assert services.combined_scores(application).points["ict_use"] == ict
    refusal = services.decision_refusal(nss_of("ES"), application, award=True)
    assert (refusal is None) is awardable


def test_evaluators_read_the_projects_twinspace_as_guests(application):
    from plugins.twinspace.models import GuestAccess

    nss = nss_of("ES")
    assert services.open_project_for_evaluator(actor=nss, application=application) is True
    assert GuestAccess.objects.filter(user=nss, space_id=application.project_id).exists()
    with pytest.raises(PermissionDenied):
        services.open_project_for_evaluator(actor=nss_of("FR"), application=application)


def test_the_default_rubric_comes_back_where_it_is_missing_and_stays_as_changed_elsewhere():
    from plugins.labels.models import RubricCriterion

    RubricItem.objects.filter(key="ict_use").update(max_points=5)
    RubricItem.objects.filter(key="tools_fit").delete()
    assert rubric.load_defaults() == 1
    assert RubricItem.objects.get(key="ict_use").max_points == 5  # the CSS's change stays
    RubricItem.objects.all().delete()
    RubricCriterion.objects.all().delete()
    assert rubric.load_defaults() == 10
    assert rubric.load_defaults() == 0


def test_an_empty_rubric_cannot_be_scored(application):
    from plugins.labels.models import RubricCriterion

    RubricCriterion.objects.all().delete()
    with pytest.raises(ValidationError, match="rubric has no sub-criteria"):
        services.score_application(actor=nss_of("ES"), application=application, scores={})
    application.refresh_from_db()
    assert application.state == State.SUBMITTED

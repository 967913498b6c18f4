"""Scoring and deciding National Quality Label applications on their admin screen: the
evaluators score through the rubric form (errors on their fields, nothing saved), read
the project's TwinSpace as guests, see every evaluation and the combined scores; the
NSS alone decides, and a refused decision is a message, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from core.models import Country, Region, StaffRole, User
from core.plugins import hook
from plugins.labels.models import Award, Evaluation, QualityLabelApplication, RubricItem
from plugins.labels.quality import criteria, services
from tests.factories import SchoolFactory, TeacherFactory, UserFactory
from tests.support.labels import CLOSES, OPENS, approved_project, nss_of

pytestmark = pytest.mark.django_db

State = QualityLabelApplication.State


def may_open_the_admin(user: User) -> User:
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(may_open_the_admin(user))
    return client


def full_marks() -> dict[str, int]:
    return {item.key: item.max_points for item in RubricItem.objects.all()}


def score_data(scores: dict, comment: str = "") -> dict:
    return {"action": "score", "comment": comment, **{k: str(v) for k, v in scores.items()}}


def url(application: QualityLabelApplication) -> str:
    return reverse("quality_admin:detail", args=[application.pk])


def apply(founder, project) -> QualityLabelApplication:
    return services.apply_for_quality_label(
        actor=founder,
        project_id=project.pk,
        eligibility=dict.fromkeys(criteria.QUESTION_KEYS, True),
        evidence={key: {"text": "We did it.", "links": []} for key in criteria.CRITERION_KEYS},
    )


def open_window():
    services.set_window(
        actor=nss_of("ES"),
        country=Country.objects.get(code="ES"),
        school_year=2026,
        opens_at=OPENS,
        closes_at=CLOSES,
    )


@pytest.fixture
def application(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(OPENS + timedelta(days=1), tick=False)
    open_window()
    project = approved_project(django_capture_on_commit_callbacks, title="Rivers")
    return apply(project.founder, project)


@pytest.fixture
def regional(time_machine, django_capture_on_commit_callbacks):
    """An application from a school of Andalucía, whose representative scores too."""
    time_machine.move_to(OPENS + timedelta(days=1), tick=False)
    spain = Country.objects.get(code="ES")
    region = Region.objects.get_or_create(country=spain, name="Andalucía")[0]
    representative = UserFactory(username="regional.rep.form", kind="staff")
    StaffRole.objects.create(
        user=representative, role=StaffRole.Role.REGIONAL_REPRESENTATIVE, region=region
    )
    founder = TeacherFactory(school=SchoolFactory(country=spain, region=region))
    open_window()
    project = approved_project(django_capture_on_commit_callbacks, founder=founder)
    return apply(founder, project), representative


def test_the_nss_scores_through_the_rubric_form_and_the_application_is_under_evaluation(
    application,
):
    client = as_user(nss_of("ES"))
    page = client.get(url(application)).content.decode()
    assert "<legend" in page and "Use of technology" in page
    assert "minimum 2 to be awarded" in page and "max 4" in page
    # The rubric's comment and the decision's comment are two fields with their own ids.
    assert page.count('id="id_comment"') == 1 and page.count('id="id_decision_comment"') == 1
    response = client.post(url(application), score_data(full_marks(), "Lively work."))
    assert (response.status_code, response.url) == (302, url(application))
    application.refresh_from_db()
    assert application.state == State.UNDER_EVALUATION
    evaluation = Evaluation.objects.get(application=application)
    assert evaluation.role == "nss" and evaluation.scores == full_marks()
    assert evaluation.comment == "Lively work."
    page = client.get(url(application)).content.decode()
    # The earlier scores fill the form again, and the evaluation is listed with its total.
    assert 'name="ict_use" value="4"' in page
    assert "Lively work." in page and "30 of 30 points" in page


def test_an_out_of_range_score_is_shown_on_its_field_and_nothing_is_saved(application):
    scores = full_marks()
    scores["shared_tasks"] = 9
    response = as_user(nss_of("ES")).post(url(application), score_data(scores))
    assert response.status_code == 400
    form = response.context["score_form"]
    assert form.errors["shared_tasks"] == ["Give from 0 to 3 points."]
    assert "Give from 0 to 3 points." in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert not Evaluation.objects.exists()


def test_a_missing_score_is_refused_on_its_field(application):
    scores = full_marks()
    del scores["inquiry"]
    response = as_user(nss_of("ES")).post(url(application), score_data(scores))
    assert response.status_code == 400
    assert "inquiry" in response.context["score_form"].errors
    assert not Evaluation.objects.exists()


def test_the_regional_representative_scores_through_the_form_and_sees_no_decision(regional):
    application, representative = regional
    client = as_user(representative)
    page = client.get(url(application)).content.decode()
    assert "Save my scores" in page
    assert "Award the National Quality Label" not in page
    response = client.post(url(application), score_data(full_marks()))
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(application=application)
    assert (evaluation.role, evaluation.evaluator) == ("regional", representative)


def test_a_regional_representatives_decision_is_refused(regional):
    application, representative = regional
    services.score_application(actor=nss_of("ES"), application=application, scores=full_marks())
    services.score_application(actor=representative, application=application, scores=full_marks())
    response = as_user(representative).post(
        url(application), {"action": "decide", "award": "yes", "comment": ""}, follow=True
    )
    assert response.status_code == 400
    assert "Only the National Support Service of the applicant" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.UNDER_EVALUATION
    assert not Award.objects.filter(kind=Award.Kind.NATIONAL_QUALITY_LABEL).exists()


def test_the_queue_shows_who_has_scored(regional):
    application, _representative = regional
    services.score_application(actor=nss_of("ES"), application=application, scores=full_marks())
    response = as_user(nss_of("ES")).get(reverse("quality_admin:index"))
    row = response.context["rows"][0]
    assert row["scored"] == [{"who": "NSS", "done": True}, {"who": "regional", "done": False}]
    assert "has not scored" in response.content.decode()


def test_the_nss_awards_through_the_form_and_the_applicant_holds_the_label(application):
    nss = nss_of("ES")
    client = as_user(nss)
    client.post(url(application), score_data(full_marks()))
    response = client.post(url(application), {"action": "decide", "award": "yes", "comment": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.AWARDED
    assert Award.objects.filter(
        kind=Award.Kind.NATIONAL_QUALITY_LABEL,
        recipient_user=application.applicant,
        subject_id=application.project_id,
    ).exists()
    page = client.get(url(application)).content.decode()
    assert "The National Quality Label is awarded." in page and "30 of 30 points" in page
    assert "Save my scores" not in page and "Do not award" not in page


def test_a_missed_minimum_disables_the_award_with_the_reason_and_awards_nothing(application):
    client = as_user(nss_of("ES"))
    scores = full_marks()
    scores["ict_use"] = 1
    client.post(url(application), score_data(scores))
    page = client.get(url(application)).content.decode()
    assert "minimum points on “Use of ICT by the pupils”" in page
    assert 'value="yes" disabled' in page and "below the minimum" in page
    response = client.post(url(application), {"action": "decide", "award": "yes"})
    assert response.status_code == 400
    assert "minimum points on “Use of ICT by the pupils”" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.UNDER_EVALUATION
    assert not Award.objects.filter(kind=Award.Kind.NATIONAL_QUALITY_LABEL).exists()


def test_not_awarding_without_a_comment_is_refused_and_with_one_is_saved(application):
    client = as_user(nss_of("ES"))
    client.post(url(application), score_data(full_marks()))
    response = client.post(url(application), {"action": "decide", "award": "no", "comment": " "})
    assert response.status_code == 400
    assert "Say why the label is not awarded" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.UNDER_EVALUATION
    response = client.post(
        url(application), {"action": "decide", "award": "no", "comment": "Too little shared work."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.NOT_AWARDED
    page = client.get(url(application)).content.decode()
    assert "is not awarded" in page and "Too little shared work." in page


def test_deciding_before_scoring_is_refused_with_the_reason(application):
    response = as_user(nss_of("ES")).post(url(application), {"action": "decide", "award": "yes"})
    assert response.status_code == 400
    assert "Score the application with the rubric before deciding." in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_the_guest_button_opens_the_twinspace_and_redirects_to_the_project(application):
    from plugins.twinspace.models import GuestAccess

    nss = nss_of("ES")
    response = as_user(nss).post(url(application), {"action": "open-space"})
    facts = hook().get_project_facts(project_id=application.project_id)
    assert (response.status_code, response.url) == (302, facts.url)
    assert GuestAccess.objects.filter(user=nss, space_id=application.project_id).exists()


def test_another_countrys_nss_gets_404(application):
    client = as_user(nss_of("FR"))
    assert client.get(url(application)).status_code == 404
    response = client.post(url(application), score_data(full_marks()))
    assert response.status_code == 404
    assert not Evaluation.objects.exists()


def test_the_css_reads_the_application_but_is_offered_no_form_and_its_scores_are_refused(
    application,
):
    from tests.support.meetings import make_staff

    client = as_user(make_staff("css.scoring", role=StaffRole.Role.CSS, country=None))
    page = client.get(url(application)).content.decode()
    assert "Save my scores" not in page and "Open the project's TwinSpace" not in page
    response = client.post(url(application), score_data(full_marks()), follow=True)
    assert "Only the National Support Service of the applicant" in response.content.decode()
    assert not Evaluation.objects.exists()

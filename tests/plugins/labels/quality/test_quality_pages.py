"""The teacher's National Quality Label pages: the list of their applications with the
projects they may apply for (or why not), the application form, an application's page
with its withdrawal, and the desktop panel. Refusals are shown and change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Country, Notification
from plugins.labels.models import QualityLabelApplication
from plugins.labels.quality import criteria, notifications, services
from tests.factories.twinspace import teacher_in
from tests.support.labels import CLOSES, EVIDENCE, OPENS, YES, approved_project, nss_of

pytestmark = pytest.mark.django_db


def open_window(time_machine, at=OPENS + timedelta(days=3)):
    time_machine.move_to(at, tick=False)
    services.set_window(
        actor=nss_of("ES"),
        country=Country.objects.get(code="ES"),
        school_year=2026,
        opens_at=OPENS,
        closes_at=CLOSES,
    )


@pytest.fixture
def inside(time_machine):
    open_window(time_machine)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(**overrides) -> dict[str, str]:
    data = dict.fromkeys(criteria.QUESTION_KEYS, "yes")
    for key in criteria.CRITERION_KEYS:
        data[f"{key}_text"] = f"Our pupils' work on {key}."
        data[f"{key}_links"] = "https://example.org/space/1/\n\nhttps://example.org/space/2/"
    data.update(overrides)
    return data


def apply_url(project) -> str:
    return reverse("quality_labels:apply", args=[project.pk])


def test_applying_through_the_form_saves_the_application_and_opens_its_page(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(django_capture_on_commit_callbacks, title="Rivers")
    client = client_of(project.founder)
    assert "Send my application" in client.get(apply_url(project)).content.decode()
    response = client.post(apply_url(project), form_data())
    application = QualityLabelApplication.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("quality_labels:detail", args=[application.pk])
    assert application.applicant == project.founder
    assert application.eligibility == YES
    assert application.evidence["results"]["links"] == [
        "https://example.org/space/1/",
        "https://example.org/space/2/",
    ]
    page = client.get(response.url).content.decode()
    assert "Your application is sent" in page
    assert "Rivers" in page
    assert "2026/27" in page
    assert 'href="https://example.org/space/2/" rel="nofollow noopener"' in page
    assert "Withdraw my application" in page
    notice = Notification.objects.get(user=project.founder, kind=notifications.SUBMITTED)
    assert notice.url == reverse("quality_labels:detail", args=[application.pk])


def test_a_national_project_shows_the_reason_instead_of_the_form_and_refuses_a_post(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(
        django_capture_on_commit_callbacks, founder=teacher_in("ES"), cofounder=teacher_in("ES")
    )
    client = client_of(project.founder)
    page = client.get(apply_url(project)).content.decode()
    assert "this project is national" in page
    assert "Send my application" not in page
    response = client.post(apply_url(project), form_data())
    assert response.status_code == 403
    assert "this project is national" in response.content.decode()
    assert not QualityLabelApplication.objects.exists()


def test_outside_the_window_the_page_says_when_it_opens_and_saves_nothing(
    time_machine, django_capture_on_commit_callbacks
):
    open_window(time_machine, at=OPENS - timedelta(days=10))
    project = approved_project(django_capture_on_commit_callbacks)
    client = client_of(project.founder)
    page = client.get(apply_url(project)).content.decode()
    assert "Applications open on" in page
    assert "Send my application" not in page
    response = client.post(apply_url(project), form_data())
    assert response.status_code == 403
    assert "Applications open on" in response.content.decode()
    assert not QualityLabelApplication.objects.exists()


def test_a_refusal_met_on_sending_keeps_what_was_typed(
    time_machine, django_capture_on_commit_callbacks
):
    open_window(time_machine)
    project = approved_project(django_capture_on_commit_callbacks)
    client = client_of(project.founder)
    assert "Send my application" in client.get(apply_url(project)).content.decode()
    time_machine.move_to(CLOSES, tick=False)
    client.force_login(project.founder)  # the session has expired meanwhile
    response = client.post(apply_url(project), form_data(collaboration_text="Pen pals in Lyon."))
    page = response.content.decode()
    assert response.status_code == 403
    assert "closed in your country" in page
    assert "Pen pals in Lyon." in page
    assert not QualityLabelApplication.objects.exists()


def test_invalid_evidence_is_shown_on_its_field_and_what_was_typed_is_kept(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(django_capture_on_commit_callbacks)
    client = client_of(project.founder)
    response = client.post(
        apply_url(project),
        form_data(collaboration_text="Pen pals in Lyon.", technology_links="not a link at all"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Pen pals in Lyon." in page
    assert "not a link at all" in page
    assert response.context["form"].errors["technology_links"]
    assert not QualityLabelApplication.objects.exists()


def test_a_no_answer_gives_the_questions_own_reason_on_its_field(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(django_capture_on_commit_callbacks)
    response = client_of(project.founder).post(apply_url(project), form_data(own_work="no"))
    assert response.status_code == 400
    question = next(q for q in criteria.ELIGIBILITY if q.key == "own_work")
    assert response.context["form"].errors["own_work"] == [str(question.refusal)]
    assert not QualityLabelApplication.objects.exists()


def test_the_project_id_is_not_shown_as_text_on_the_form(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(django_capture_on_commit_callbacks, title="Rivers")
    page = client_of(project.founder).get(apply_url(project)).content.decode()
    visible = page.replace(apply_url(project), "")
    assert f">{project.pk}<" not in visible
    assert f" {project.pk} " not in visible
    assert "Rivers" in page


def test_withdrawing_through_the_page(inside, django_capture_on_commit_callbacks):
    project = approved_project(django_capture_on_commit_callbacks)
    application = services.apply_for_quality_label(
        actor=project.founder, project_id=project.pk, eligibility=YES, evidence=EVIDENCE
    )
    client = client_of(project.founder)
    response = client.post(reverse("quality_labels:withdraw", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == QualityLabelApplication.State.WITHDRAWN
    page = client.get(response.url).content.decode()
    assert "Your application is withdrawn." in page
    assert "Withdraw my application" not in page


def test_others_get_404_on_an_application_and_cannot_withdraw_it(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(django_capture_on_commit_callbacks)
    application = services.apply_for_quality_label(
        actor=project.founder, project_id=project.pk, eligibility=YES, evidence=EVIDENCE
    )
    stranger = client_of(teacher_in("ES"))
    assert stranger.get(reverse("quality_labels:detail", args=[application.pk])).status_code == 404
    assert (
        stranger.post(reverse("quality_labels:withdraw", args=[application.pk])).status_code == 404
    )
    cofounder = client_of(project.cofounder)
    assert cofounder.get(reverse("quality_labels:detail", args=[application.pk])).status_code == 404
    application.refresh_from_db()
    assert application.state == QualityLabelApplication.State.SUBMITTED
    assert (
        client_of(nss_of("ES"))
        .get(reverse("quality_labels:detail", args=[application.pk]))
        .status_code
        == 200
    )


def test_an_unknown_application_or_project_answers_cleanly(inside):
    client = client_of(teacher_in("ES"))
    assert client.get(reverse("quality_labels:detail", args=[987654])).status_code == 404
    assert client.get("/quality-labels/99999999999999999999999/").status_code == 404
    page = client.get(reverse("quality_labels:apply", args=[987654]))
    assert page.status_code == 200
    assert "a project you teach in" in page.content.decode()


def test_the_list_shows_each_project_with_apply_or_the_reason_and_the_applications(
    inside, django_capture_on_commit_callbacks
):
    founder = teacher_in("ES")
    applied = approved_project(django_capture_on_commit_callbacks, founder=founder, title="Rivers")
    services.apply_for_quality_label(
        actor=founder, project_id=applied.pk, eligibility=YES, evidence=EVIDENCE
    )
    open_one = approved_project(django_capture_on_commit_callbacks, founder=founder, title="Birds")
    national = approved_project(
        django_capture_on_commit_callbacks,
        founder=founder,
        cofounder=teacher_in("ES"),
        title="Trees",
    )
    page = client_of(founder).get(reverse("quality_labels:list")).content.decode()
    assert "My National Quality Label applications" in page
    assert reverse("quality_labels:apply", args=[open_one.pk]) in page
    assert reverse("quality_labels:apply", args=[national.pk]) not in page
    assert reverse("quality_labels:apply", args=[applied.pk]) not in page
    assert "this project is national" in page
    assert "You have already applied" in page
    assert "Submitted" in page
    assert "2026/27" in page
    assert ">submitted<" not in page


def test_the_list_page_needs_the_same_queries_for_one_project_or_four(
    inside, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count: int) -> int:
        founder = teacher_in("ES")
        for number in range(count):
            project = approved_project(
                django_capture_on_commit_callbacks, founder=founder, title=f"Project {number}"
            )
            if number % 2 == 0:
                services.apply_for_quality_label(
                    actor=founder, project_id=project.pk, eligibility=YES, evidence=EVIDENCE
                )
        client = client_of(founder)
        client.get(reverse("quality_labels:list"))  # warm the session and the caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("quality_labels:list")).status_code == 200
        return len(captured)

    assert queries_for(1) == queries_for(4)


def test_the_desktop_panel_lists_the_latest_applications_for_teachers_with_projects(
    inside, django_capture_on_commit_callbacks
):
    project = approved_project(django_capture_on_commit_callbacks, title="Rivers")
    client = client_of(project.cofounder)
    desktop = client.get(reverse("core:desktop")).content.decode()
    assert "My Quality Label applications" in desktop
    assert reverse("quality_labels:list") in desktop
    application = services.apply_for_quality_label(
        actor=project.founder, project_id=project.pk, eligibility=YES, evidence=EVIDENCE
    )
    desktop = client_of(project.founder).get(reverse("core:desktop")).content.decode()
    assert reverse("quality_labels:detail", args=[application.pk]) in desktop
    assert "Submitted" in desktop
    lonely = client_of(teacher_in("ES")).get(reverse("core:desktop")).content.decode()
    assert "My Quality Label applications" not in lonely


def test_the_projects_of_a_teacher_are_those_they_found_or_teach_in(
    django_capture_on_commit_callbacks,
):
    from core.plugins import hook
    from tests.support.labels import join_as_teacher

    founder = teacher_in("ES")
    first = approved_project(django_capture_on_commit_callbacks, founder=founder, title="Rivers")
    second = approved_project(django_capture_on_commit_callbacks, title="Birds")
    join_as_teacher(django_capture_on_commit_callbacks, second, founder)
    approved_project(django_capture_on_commit_callbacks, title="Trees")
    facts = hook().get_projects_of(user=founder)
    assert [project.title for project in facts] == ["Birds", "Rivers"]
    assert all(founder.pk in project.teacher_ids for project in facts)
    assert facts[1] == hook().get_project_facts(project_id=first.pk)
    assert hook().get_projects_of(user=teacher_in("FR")) == []

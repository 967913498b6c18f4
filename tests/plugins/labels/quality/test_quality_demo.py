"""The National Quality Label's demo data: reached through the services after the other
demos, ana's application waits for evaluation, luc holds the label, and loading again
creates nothing."""

from __future__ import annotations

import pytest

from core.models import AuditEntry, User
from plugins.labels.models import (
    ApplicationWindow,
    Award,
    Evaluation,
    QualityLabelApplication,
    SubjectType,
)
from plugins.labels.quality.demo import PROJECT_TITLE, load_quality_demo_data
from tests.plugins.labels.awards.test_awards_demo import seed_committing_each_dataset

pytestmark = pytest.mark.django_db

State = QualityLabelApplication.State


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (ApplicationWindow, QualityLabelApplication, Evaluation, Award, AuditEntry)
    }


def test_ana_waits_luc_holds_a_national_quality_label_and_a_second_run_creates_nothing(
    django_capture_on_commit_callbacks,
):
    lines = seed_committing_each_dataset(django_capture_on_commit_callbacks)

    assert set(ApplicationWindow.objects.values_list("country__code", "created_by__username")) == {
        ("ES", "nss.es"),
        ("FR", "nss.fr"),
    }
    ana = User.objects.get(username="teacher.ana")
    luc = User.objects.get(username="teacher.luc")
    (waiting,) = QualityLabelApplication.objects.filter(applicant=ana)
    assert waiting.state == State.SUBMITTED
    assert waiting.project_title == PROJECT_TITLE
    (awarded,) = QualityLabelApplication.objects.filter(applicant=luc)
    assert awarded.state == State.AWARDED
    assert awarded.decided_by.username == "nss.fr"
    assert awarded.evaluations.get().evaluator.username == "nss.fr"
    label = Award.objects.get(kind=Award.Kind.NATIONAL_QUALITY_LABEL, recipient_user=luc)
    assert label.subject_type == SubjectType.PROJECT
    assert label.subject_id == awarded.project_id
    assert label.is_valid
    quality_lines = lines[lines.index("Demo National Quality Labels:") :]
    assert any("nss.fr awarded teacher.luc" in line for line in quality_lines)

    first = counts()
    with django_capture_on_commit_callbacks(execute=True):
        again = load_quality_demo_data()
    assert counts() == first
    assert not any("applied" in line or "awarded teacher" in line for line in again)


def test_without_the_demo_users_it_says_so_and_creates_nothing():
    assert load_quality_demo_data() == [
        "Demo National Quality Labels skipped: the demo users are missing."
    ]
    assert not QualityLabelApplication.objects.exists()

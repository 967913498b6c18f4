"""After an applicant is erased, nothing they wrote in a National Quality Label
application is left, and an application still waiting is withdrawn."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from core import services as core_services
from core.models import Country
from plugins.labels.models import QualityLabelApplication
from plugins.labels.quality import criteria, privacy, services
from tests.factories.twinspace import teacher_in
from tests.support.erasure import text_columns_containing
from tests.support.labels import approved_project, nss_of

pytestmark = pytest.mark.django_db

APPLICANT = {
    "first name": "Zebulonia",
    "surname": "Quixotewright",
    "username": "zq.applicant88",
    "e-mail": "zq.applicant88@school.example.org",
    "evidence": "Zebulonia's class diary of the Quixotewright river walk",
}


def test_no_trace_of_an_applicant_after_their_erasure(
    time_machine, django_capture_on_commit_callbacks
):
    opens = timezone.make_aware(datetime(2026, 10, 1, 9, 0))
    time_machine.move_to(opens + timedelta(days=1), tick=False)
    services.set_window(
        actor=nss_of("ES"),
        country=Country.objects.get(code="ES"),
        school_year=2026,
        opens_at=opens,
        closes_at=opens + timedelta(days=30),
    )
    applicant = teacher_in(
        "ES",
        username=APPLICANT["username"],
        first_name=APPLICANT["first name"],
        last_name=APPLICANT["surname"],
        email=APPLICANT["e-mail"],
    )
    project = approved_project(django_capture_on_commit_callbacks, founder=applicant)
    services.apply_for_quality_label(
        actor=applicant,
        project_id=project.pk,
        eligibility=dict.fromkeys(criteria.QUESTION_KEYS, True),
        evidence={
            key: {"text": APPLICANT["evidence"], "links": []} for key in criteria.CRITERION_KEYS
        },
    )
    exported = privacy.export_quality_data(applicant)
    assert exported["applications"][0]["evidence"]["results"]["text"] == APPLICANT["evidence"]
    assert text_columns_containing(APPLICANT) != [], "the scenario should have stored the data"

    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=applicant, user=applicant)

    assert text_columns_containing(APPLICANT) == []
    application = QualityLabelApplication.objects.get(project_id=project.pk)
    assert application.state == QualityLabelApplication.State.WITHDRAWN
    privacy.erase_quality_data(applicant)  # safe to run twice

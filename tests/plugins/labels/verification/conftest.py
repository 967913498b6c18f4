"""Awards to verify, reached through the labels services, and an empty rate-limit count
for every test."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from core.models import Country
from plugins.labels.awards import services
from plugins.labels.awards.services import Issuer
from plugins.labels.models import Award, SubjectType
from tests.factories.twinspace import teacher_in


@pytest.fixture(autouse=True)
def no_lookups_counted_yet():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def issue(db):
    """Issue an eTwinning Label for a project to a new Spanish teacher, as the platform
    does when the project is approved."""

    def issue_label(
        title: str = "Rivers we share", valid_until: date | None = None, teacher=None
    ) -> Award:
        teacher = teacher or teacher_in("ES", first_name="Ana", last_name="Navarro")
        award, created = services.issue_award(
            actor=None,
            kind=Award.Kind.ETWINNING_LABEL,
            subject_type=SubjectType.PROJECT,
            subject_id=41,
            subject_title=title,
            issuer=Issuer.nss(Country.objects.get(code="ES")),
            user=teacher,
            valid_until=valid_until,
        )
        assert created
        return award

    return issue_label

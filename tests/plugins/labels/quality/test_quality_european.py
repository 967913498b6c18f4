"""The European Quality Label's yearly computation is set based and gives exactly what a
straightforward per-project loop gives, on 5,000 generated projects."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.utils import timezone

from core.models import Country
from plugins.labels.models import ApplicationWindow, QualityLabelApplication
from plugins.labels.quality import european
from tests.factories.twinspace import teacher_in

pytestmark = pytest.mark.django_db

YEAR = 2026
AWARDED = QualityLabelApplication.State.AWARDED


def reference(school_year: int, *, percent: int, threshold: int) -> list[european.Candidate]:
    """The rule, one project at a time."""
    awarded = list(QualityLabelApplication.objects.filter(state=AWARDED, school_year=school_year))
    by_project: dict[int, list] = defaultdict(list)
    for application in awarded:
        by_project[application.project_id].append(application)
    labelled: dict[int, set[int]] = defaultdict(set)
    for application in awarded:
        labelled[application.country_id].add(application.project_id)
    per_country: dict[int, list] = defaultdict(list)
    for project_id, applications in by_project.items():
        if len({a.country_id for a in applications}) < 2:
            continue
        for country_id in {a.country_id for a in applications}:
            scores = [a.total_score for a in applications if a.country_id == country_id]
            average = sum(scores) / len(scores)
            if average > threshold:
                per_country[country_id].append((average, project_id, applications[0].project_title))
    result = []
    for country_id, rows in per_country.items():
        rows.sort(key=lambda row: (-row[0], row[1]))
        quota = math.floor(len(labelled[country_id]) * percent / 100)
        for rank, (average, project_id, title) in enumerate(rows[:quota], start=1):
            result.append(
                european.Candidate(
                    country_id=country_id,
                    rank=rank,
                    project_id=project_id,
                    project_title=title,
                    average_score=Decimal(average).quantize(Decimal("0.01")),
                )
            )
    return sorted(result)


def generate(projects: int, seed: int = 7) -> None:
    """Awarded applications for ``projects`` projects: most labelled in one country, some
    in two or three, with quarter-point scores around the threshold."""
    rng = random.Random(seed)
    countries = list(Country.objects.filter(code__in=["ES", "FR", "DE", "IT", "PL", "PT"]))
    teachers = {country.pk: [teacher_in(country.code) for _ in range(2)] for country in countries}
    now = timezone.now()
    windows = {
        country.pk: ApplicationWindow.objects.create(
            country=country,
            school_year=YEAR,
            opens_at=now,
            closes_at=now + timezone.timedelta(days=30),
        )
        for country in countries
    }
    rows = []
    for project_id in range(1, projects + 1):
        spread = rng.choice([1, 1, 1, 2, 2, 3])
        for country in rng.sample(countries, spread):
            for applicant in rng.sample(teachers[country.pk], rng.choice([1, 1, 2])):
                rows.append(
                    QualityLabelApplication(
                        applicant=applicant,
                        project_id=project_id,
                        project_title=f"Project {project_id}",
                        country=country,
                        window=windows[country.pk],
                        school_year=YEAR,
                        number_in_year=len(rows) + 1,
                        state=AWARDED,
                        submitted_at=now,
                        decided_at=now,
                        total_score=Decimal(rng.randint(60, 120)) / 4,
                    )
                )
    # Written in bulk: 5,000 projects' decisions through the services would take minutes;
    # the services' rules have their own tests, this one checks the computation.
    QualityLabelApplication.objects.bulk_create(rows, batch_size=2000)


def test_the_set_based_computation_matches_the_reference_on_5000_projects(
    settings, django_assert_max_num_queries
):
    settings.OPENTWIN_EQL_QUOTA_PERCENT = 25
    settings.OPENTWIN_EQL_SCORE_THRESHOLD = 20
    generate(5000)
    with django_assert_max_num_queries(3):
        computed = european.candidates(YEAR)
    expected = reference(YEAR, percent=25, threshold=20)
    assert len(expected) > 100, "the generated data should give many candidates"
    assert sorted(computed) == expected


@pytest.mark.parametrize(("percent", "threshold"), [(10, 22), (50, 18), (100, 0)])
def test_quota_and_threshold_are_settings(settings, percent, threshold):
    settings.OPENTWIN_EQL_QUOTA_PERCENT = percent
    settings.OPENTWIN_EQL_SCORE_THRESHOLD = threshold
    generate(400, seed=percent)
    assert sorted(european.candidates(YEAR)) == reference(
        YEAR, percent=percent, threshold=threshold
    )

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


def awarded_nql(deliver, time_machine, *, spanish_total=26, french_total=24):
    """A project whose Spanish and French founders each hold a National Quality Label,
    reached through the services: windows, applications, scores and decisions."""
    from datetime import datetime, timedelta

    from plugins.labels.models import RubricItem
    from plugins.labels.quality import criteria, services
    from tests.support.labels import approved_project, nss_of

    opens = timezone.make_aware(datetime(2026, 10, 1, 9, 0))
    time_machine.move_to(opens + timedelta(days=1), tick=False)
    for code in ("ES", "FR"):
        services.set_window(
            actor=nss_of(code),
            country=Country.objects.get(code=code),
            school_year=YEAR,
            opens_at=opens,
            closes_at=opens + timedelta(days=60),
        )
    project = approved_project(deliver, title="Stars")
    items = list(RubricItem.objects.all())
    for teacher, code, total in (
        (project.founder, "ES", spanish_total),
        (project.cofounder, "FR", french_total),
    ):
        application = services.apply_for_quality_label(
            actor=teacher,
            project_id=project.pk,
            eligibility=dict.fromkeys(criteria.QUESTION_KEYS, True),
            evidence={key: {"text": "Done.", "links": []} for key in criteria.CRITERION_KEYS},
        )
        scores = {item.key: item.max_points for item in items}
        missing = 30 - total
        for item in items:  # take points off where no minimum is at stake
            cut = min(missing, item.max_points - item.minimum_points)
            scores[item.key] -= cut
            missing -= cut
        services.score_application(actor=nss_of(code), application=application, scores=scores)
        services.decide_application(actor=nss_of(code), application=application, award=True)
    return project


def test_a_project_labelled_in_two_countries_is_proposed_nominated_and_confirmed(
    time_machine, django_capture_on_commit_callbacks, settings
):
    from core.models import Notification
    from plugins.labels.models import Award, EuropeanNomination
    from tests.support.labels import css_officer, nss_of

    settings.OPENTWIN_EQL_QUOTA_PERCENT = 100
    project = awarded_nql(django_capture_on_commit_callbacks, time_machine)
    assert european.propose(school_year=YEAR) == 2  # one proposal in each country
    assert european.propose(school_year=YEAR) == 0  # the yearly task may run twice
    spanish = EuropeanNomination.objects.get(country__code="ES")
    assert spanish.average_score == 26
    with pytest.raises(european.PermissionDenied):
        european.nominate(actor=nss_of("FR"), nomination=spanish, nominate=True)
    with pytest.raises(european.ValidationError):
        european.confirm(actor=css_officer(), nomination=spanish)  # not nominated yet
    european.nominate(actor=nss_of("ES"), nomination=spanish, nominate=True)
    with pytest.raises(european.PermissionDenied):
        european.confirm(actor=nss_of("ES"), nomination=spanish)
    european.confirm(actor=css_officer(), nomination=spanish)
    holders = set(
        Award.objects.filter(kind=Award.Kind.EUROPEAN_QUALITY_LABEL).values_list(
            "recipient_user", flat=True
        )
    )
    assert holders == {project.founder_id, project.cofounder_id}
    assert Notification.objects.filter(user=project.cofounder, title__contains="European").exists()


def test_an_average_of_exactly_the_threshold_is_not_above_it(
    time_machine, django_capture_on_commit_callbacks, settings
):
    settings.OPENTWIN_EQL_QUOTA_PERCENT = 100
    settings.OPENTWIN_EQL_SCORE_THRESHOLD = 20
    awarded_nql(django_capture_on_commit_callbacks, time_machine, spanish_total=20, french_total=21)
    assert [c.average_score for c in european.candidates(YEAR)] == [21]

"""The priority rules are data: the default order (new to the programme, then applied
first), another order when the call's rules change, and unknown rules refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from plugins.mooc.calls import queries, services
from plugins.mooc.calls.priorities import (
    RULES,
    checked_rules,
    is_new_to_programme,
    months_before,
    rank_applications,
    with_priority_facts,
)
from plugins.mooc.models.calls import Application
from tests.factories.mooc_calls import CLOSES, EVENT, OPENS, T0, apply_as, css, make_call, teacher

pytestmark = pytest.mark.django_db

LONG_AGO = T0 - timedelta(days=3 * 365)


def names(applications) -> list[str]:
    return [application.applicant.username for application in applications]


@pytest.fixture
def applicants():
    """Three Spanish teachers apply in this order: a veteran, a newcomer, a veteran."""
    with time_machine.travel(T0, tick=False):
        organiser = css()
        call = make_call(organiser)
        veteran_1 = teacher(username="veteran.1", date_joined=LONG_AGO)
        newcomer = teacher(username="newcomer", date_joined=T0 - timedelta(days=30))
        veteran_2 = teacher(username="veteran.2", date_joined=LONG_AGO)
    for minutes, person in enumerate((veteran_1, newcomer, veteran_2)):
        with time_machine.travel(OPENS + timedelta(minutes=minutes), tick=False):
            apply_as(person, call)
    return organiser, call


def test_by_default_teachers_new_to_the_programme_come_first_then_the_earliest(applicants):
    _organiser, call = applicants
    ranked = queries.ranked_applications(call, call.quotas.get(country__code="ES").country_id)
    assert names(ranked) == ["newcomer", "veteran.1", "veteran.2"]


def test_changing_the_calls_rules_changes_the_order(applicants):
    organiser, call = applicants
    services.update_call(actor=organiser, call=call, priority_rules=["applied_first"])
    ranked = queries.ranked_applications(call, call.quotas.get(country__code="ES").country_id)
    assert names(ranked) == ["veteran.1", "newcomer", "veteran.2"]


def test_never_selected_puts_those_selected_for_an_earlier_event_last(applicants):
    organiser, call = applicants
    spain = call.quotas.get(country__code="ES").country
    # An earlier event selected veteran.1 (its selection made by Spain's NSS).
    with time_machine.travel(T0 - timedelta(days=400), tick=False):
        earlier = make_call(
            organiser,
            title="Last year's conference",
            applications_open_at=T0 - timedelta(days=399),
            applications_close_at=T0 - timedelta(days=390),
            event_starts_at=T0 - timedelta(days=380),
            event_ends_at=T0 - timedelta(days=379),
            quotas={"ES": 1},
        )
    veteran = Application.objects.get(call=call, applicant__username="veteran.1").applicant
    with time_machine.travel(T0 - timedelta(days=398), tick=False):
        apply_as(veteran, earlier)
    from tests.factories.mooc_calls import nss

    with time_machine.travel(T0 - timedelta(days=389), tick=False):
        services.select_within_quota(actor=nss("ES"), call=earlier, country=spain)
    services.update_call(
        actor=organiser, call=call, priority_rules=["never_selected", "applied_first"]
    )
    ranked = queries.ranked_applications(call, spain.pk)
    assert names(ranked) == ["newcomer", "veteran.2", "veteran.1"]


def test_ranking_without_loaded_facts_gives_the_same_order(applicants):
    _organiser, call = applicants
    plain = rank_applications(call, Application.objects.filter(call=call))
    loaded = rank_applications(call, with_priority_facts(Application.objects.filter(call=call)))
    assert names(plain) == names(loaded) == ["newcomer", "veteran.1", "veteran.2"]


def test_ties_are_broken_by_application_time_then_id(applicants):
    organiser, call = applicants
    services.update_call(actor=organiser, call=call, priority_rules=["never_selected"])
    ranked = queries.ranked_applications(call, call.quotas.get(country__code="ES").country_id)
    assert names(ranked) == ["veteran.1", "newcomer", "veteran.2"]


@pytest.mark.parametrize(
    "rules, message",
    [
        (["first_come"], "Unknown priority rule: first_come."),
        ([], "Please choose at least one priority rule."),
        (["applied_first", "applied_first"], "Each priority rule may be chosen once only."),
        ("applied_first", "Please choose the priority rules from the list."),
    ],
)
def test_a_call_with_bad_rules_is_refused_and_nothing_changes(rules, message):
    with time_machine.travel(T0, tick=False):
        organiser = css()
        call = make_call(organiser)
        with pytest.raises(ValidationError) as refused:
            services.update_call(actor=organiser, call=call, priority_rules=rules)
        assert message in " ".join(refused.value.messages)
        call.refresh_from_db()
        assert call.priority_rules == ["new_to_programme", "applied_first"]
        with pytest.raises(ValidationError):
            make_call(organiser, title="Another", priority_rules=rules)


def test_the_registry_knows_each_rule_by_key_with_a_label():
    assert {"new_to_programme", "never_selected", "applied_first"} <= set(RULES)
    assert all(str(rule.label) for rule in RULES.values())
    assert checked_rules(("never_selected", "applied_first")) == [
        "never_selected",
        "applied_first",
    ]


@pytest.mark.parametrize(
    "joined_days_before, new",
    [(364, True), (366, False)],
)
def test_new_to_the_programme_means_joined_less_than_twelve_months_before_applying(
    joined_days_before, new
):
    with time_machine.travel(T0, tick=False):
        call = make_call(css())
        person = teacher(date_joined=OPENS - timedelta(days=joined_days_before))
    with time_machine.travel(OPENS, tick=False):
        application = apply_as(person, call)
    assert is_new_to_programme(application) is new


def test_the_months_setting_moves_the_line(settings):
    with time_machine.travel(T0, tick=False):
        call = make_call(css())
        person = teacher(date_joined=OPENS - timedelta(days=100))
    with time_machine.travel(OPENS, tick=False):
        application = apply_as(person, call)
    assert is_new_to_programme(application)
    settings.OPENTWIN_NEW_TEACHER_MONTHS = 3
    assert not is_new_to_programme(application)


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert months_before(datetime(2027, 3, 31, 8, tzinfo=UTC), 1) == datetime(
        2027, 2, 28, 8, tzinfo=UTC
    )
    assert months_before(datetime(2027, 1, 15, tzinfo=UTC), 12) == datetime(2026, 1, 15, tzinfo=UTC)
    assert CLOSES < EVENT

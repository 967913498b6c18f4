"""The European Quality Label nominations' admin screen: who sees which country's
proposals, the NSS nominating, the CSS confirming and computing the year's candidates,
refusals as messages, and a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Country
from plugins.labels.models import Award, EuropeanNomination
from plugins.labels.quality import european
from tests.plugins.labels.quality.test_quality_european import YEAR, awarded_nql
from tests.support.labels import css_officer, nss_of

pytestmark = pytest.mark.django_db

URL = "/admin/quality-labels/european/"


def as_user(user) -> Client:
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def proposed(time_machine, django_capture_on_commit_callbacks, settings):
    """A project labelled in Spain and France, proposed in both countries."""
    settings.OPENTWIN_EQL_QUOTA_PERCENT = 100
    project = awarded_nql(django_capture_on_commit_callbacks, time_machine)
    assert european.propose(school_year=YEAR) == 2
    return project


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_screen_is_at_its_address_and_linked_from_the_queue(proposed):
    assert reverse("european_admin:index") == URL
    queue = as_user(nss_of("ES")).get(reverse("quality_admin:index"))
    assert URL in queue.content.decode()


def test_an_nss_sees_only_its_countrys_proposals_and_the_css_sees_every_country(proposed):
    spanish = as_user(nss_of("ES")).get(URL)
    assert spanish.status_code == 200
    countries = [section["country"].code for section in spanish.context["sections"]]
    assert countries == ["ES"]
    assert spanish.context["can_propose"] is False
    assert "Compute this year" not in spanish.content.decode()

    central = as_user(css_officer()).get(URL)
    assert sorted(s["country"].code for s in central.context["sections"]) == ["ES", "FR"]
    assert central.context["can_propose"] is True
    (row,) = central.context["sections"][0]["rows"]
    assert row["nomination"].project_title == "Stars"
    assert not row["can_nominate"]  # the CSS does not nominate for a country


def test_a_teacher_cannot_open_the_nominations(proposed):
    response = as_user(proposed.founder).get(URL)
    assert response.status_code in (302, 403)
    assert "Stars" not in response.content.decode()


def test_the_nss_nominates_through_the_screen_and_then_the_css_confirms_and_eql_awards_exist(
    proposed, django_capture_on_commit_callbacks
):
    spanish = EuropeanNomination.objects.get(country__code="ES")
    response = as_user(nss_of("ES")).post(
        URL, {"action": "nominate", "nomination": spanish.pk}, follow=True
    )
    assert any("is nominated" in text for text in messages_of(response))
    spanish.refresh_from_db()
    assert spanish.state == EuropeanNomination.State.NOMINATED

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(css_officer()).post(
            URL, {"action": "confirm", "nomination": spanish.pk}, follow=True
        )
    spanish.refresh_from_db()
    assert spanish.state == EuropeanNomination.State.CONFIRMED
    holders = set(
        Award.objects.filter(kind=Award.Kind.EUROPEAN_QUALITY_LABEL).values_list(
            "recipient_user", flat=True
        )
    )
    assert holders == {proposed.founder_id, proposed.cofounder_id}
    assert any("holds the European Quality Label" in text for text in messages_of(response))


def test_do_not_nominate_withdraws_the_proposal(proposed):
    spanish = EuropeanNomination.objects.get(country__code="ES")
    as_user(nss_of("ES")).post(URL, {"action": "withdraw", "nomination": spanish.pk})
    spanish.refresh_from_db()
    assert spanish.state == EuropeanNomination.State.WITHDRAWN


def test_a_french_nss_cannot_nominate_a_spanish_proposal(proposed):
    spanish = EuropeanNomination.objects.get(country__code="ES")
    response = as_user(nss_of("FR")).post(
        URL, {"action": "nominate", "nomination": spanish.pk}, follow=True
    )
    assert response.status_code == 200
    assert any("not found" in text for text in messages_of(response))
    spanish.refresh_from_db()
    assert spanish.state == EuropeanNomination.State.PROPOSED


def test_confirming_a_proposal_not_nominated_is_refused_with_a_message(proposed):
    spanish = EuropeanNomination.objects.get(country__code="ES")
    response = as_user(css_officer()).post(
        URL, {"action": "confirm", "nomination": spanish.pk}, follow=True
    )
    assert any("Only a project its NSS nominated" in text for text in messages_of(response))
    assert not Award.objects.filter(kind=Award.Kind.EUROPEAN_QUALITY_LABEL).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "nominate", "nomination": "abc"},
        {"action": "nominate", "nomination": "999999"},
        {"action": "explode", "nomination": "1"},
        {"action": "propose", "school_year": "next year"},
    ],
)
def test_bad_input_gives_a_message_and_changes_nothing(proposed, data):
    before = list(EuropeanNomination.objects.values_list("pk", "state"))
    response = as_user(css_officer()).post(URL, data, follow=True)
    assert response.status_code == 200
    assert messages_of(response)
    assert list(EuropeanNomination.objects.values_list("pk", "state")) == before


def test_a_school_year_not_understood_shows_the_current_one(proposed):
    response = as_user(css_officer()).get(URL, {"school_year": "soon"})
    assert response.status_code == 200
    assert response.context["school_year"] == YEAR
    assert messages_of(response)


def test_the_compute_button_proposes_the_years_candidates_and_says_how_many_are_new(
    time_machine, django_capture_on_commit_callbacks, settings
):
    settings.OPENTWIN_EQL_QUOTA_PERCENT = 100
    awarded_nql(django_capture_on_commit_callbacks, time_machine)
    client = as_user(css_officer())
    response = client.post(URL, {"action": "propose", "school_year": YEAR}, follow=True)
    assert EuropeanNomination.objects.filter(school_year=YEAR).count() == 2
    assert any("2 new proposals" in text for text in messages_of(response))
    response = client.post(URL, {"action": "propose", "school_year": YEAR}, follow=True)
    assert any("0 new proposals" in text for text in messages_of(response))


def test_an_nss_cannot_compute_the_candidates(
    time_machine, django_capture_on_commit_callbacks, settings
):
    settings.OPENTWIN_EQL_QUOTA_PERCENT = 100
    awarded_nql(django_capture_on_commit_callbacks, time_machine)
    response = as_user(nss_of("ES")).post(URL, {"action": "propose"}, follow=True)
    assert any("Only the Central Support Service" in text for text in messages_of(response))
    assert not EuropeanNomination.objects.exists()


def test_the_project_link_opens_the_projects_page_in_the_readers_scope(proposed):
    spanish = EuropeanNomination.objects.get(country__code="ES")
    link = reverse("european_admin:project", args=[spanish.pk])
    response = as_user(nss_of("ES")).get(link)
    assert response.status_code == 302
    assert response["Location"]
    assert as_user(nss_of("FR")).get(link).status_code == 404


def add_proposals(start: int, count: int) -> None:
    # Written directly: only the list's reading is measured here; the round's rules
    # have their own tests.
    countries = list(Country.objects.order_by("pk")[:4])
    EuropeanNomination.objects.bulk_create(
        EuropeanNomination(
            school_year=YEAR,
            country=countries[index % len(countries)],
            project_id=10_000 + index,
            project_title=f"Project {index}",
            average_score=Decimal("25.50"),
            rank=index + 1,
        )
        for index in range(start, start + count)
    )


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, {"school_year": YEAR})
    assert response.status_code == 200
    return len(context)


def test_the_list_reads_the_same_number_of_queries_for_2_and_8_nominations(time_machine):
    time_machine.move_to("2026-10-02 10:00", tick=False)
    client = as_user(css_officer())
    add_proposals(0, 2)
    client.get(URL)  # warm the session and the staff scope caches
    two = count_queries(client)
    add_proposals(2, 6)
    assert EuropeanNomination.objects.count() == 8
    assert count_queries(client) == two

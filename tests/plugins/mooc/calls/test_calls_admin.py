"""The calls' admin screens: the CSS creates a call, gives places and publishes; an NSS
ranks its country's applicants, selects within the quota and downloads the lists;
another country's NSS is refused and never sees the applicants."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from core.models import Country, StaffRole
from plugins.mooc.calls import notifications
from plugins.mooc.models.calls import Application, CountrySelection, EventCall
from tests.factories.mooc_calls import CLOSES, OPENS, T0, apply_as, make_call, teacher
from tests.support.meetings import make_staff

pytestmark = pytest.mark.django_db

LONG_AGO = T0 - timedelta(days=1000)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def spain() -> Country:
    return Country.objects.get(code="ES")


@pytest.fixture
def people():
    with time_machine.travel(T0, tick=False):
        return {
            "css": make_staff("css.calls", role=StaffRole.Role.CSS, country=None),
            "nss.es": make_staff("nss.es.calls", country="ES"),
            "nss.fr": make_staff("nss.fr.calls", country="FR"),
        }


@pytest.fixture
def call(people):
    with time_machine.travel(T0, tick=False):
        call = make_call(people["css"], quotas={"ES": 1, "FR": 1})
        applicants = [
            teacher(username=f"es.{n}", first_name="Zarina", last_name=f"Applicant{n}",
                    date_joined=LONG_AGO)
            for n in (1, 2)
        ]  # fmt: skip
    for minutes, person in enumerate(applicants):
        with time_machine.travel(OPENS + timedelta(minutes=minutes), tick=False):
            apply_as(person, call)
    return call


def country_url(call, code="ES") -> str:
    return reverse("calls_admin:country", args=[call.pk, Country.objects.get(code=code).pk])


def test_the_css_creates_a_call_gives_places_and_publishes_it(people):
    with time_machine.travel(T0, tick=False):
        client = as_user(people["css"])
        assert client.get(reverse("calls_admin:create")).status_code == 200
        response = client.post(
            reverse("calls_admin:create"),
            {
                "kind": "conference",
                "title": "Annual conference 2027",
                "description": "<p>Three days.</p>",
                "venue": "Brussels",
                "applications_open_at": "2027-05-04T09:00",
                "applications_close_at": "2027-05-20T09:00",
                "event_starts_at": "2027-06-20T09:00",
                "event_ends_at": "2027-06-22T17:00",
                "priority_rules_0": "new_to_programme",
                "priority_rules_1": "applied_first",
            },
        )
        call = EventCall.objects.get(title="Annual conference 2027")
        assert response.status_code == 302
        detail = reverse("calls_admin:detail", args=[call.pk])
        refused = client.post(detail, {"action": "publish"}, follow=True)
        assert "Give at least one country its places before publishing." in refused.content.decode()
        client.post(detail, {"action": "quota", "country": spain().pk, "places": "4"})
        client.post(detail, {"action": "publish"})
    call.refresh_from_db()
    assert call.published_at is not None
    assert call.quotas.get(country=spain()).places == 4


def _call_form(title: str, **rules: str) -> dict:
    return {
        "kind": "workshop",
        "title": title,
        "description": "<p>Two days.</p>",
        "venue": "Lisbon",
        "applications_open_at": "2027-05-04T09:00",
        "applications_close_at": "2027-05-20T09:00",
        "event_starts_at": "2027-06-20T09:00",
        "event_ends_at": "2027-06-22T17:00",
        **rules,
    }


def test_the_css_puts_the_priority_rules_in_its_own_order(people):
    with time_machine.travel(T0, tick=False):
        client = as_user(people["css"])
        page = client.get(reverse("calls_admin:create")).content.decode()
        assert 'aria-label="First"' in page and 'aria-label="Then"' in page
        client.post(
            reverse("calls_admin:create"),
            _call_form(
                "First come", priority_rules_0="applied_first", priority_rules_1="never_selected"
            ),
        )
    assert EventCall.objects.get(title="First come").priority_rules == [
        "applied_first",
        "never_selected",
    ]


def test_a_priority_rule_chosen_twice_is_refused_with_the_message(people):
    with time_machine.travel(T0, tick=False):
        client = as_user(people["css"])
        response = client.post(
            reverse("calls_admin:create"),
            _call_form("Twice", priority_rules_0="applied_first", priority_rules_1="applied_first"),
        )
    assert response.status_code == 400
    assert "Each priority rule may be chosen once only." in response.content.decode()
    assert not EventCall.objects.filter(title="Twice").exists()


def test_bad_dates_on_the_form_are_refused_with_the_message(people):
    with time_machine.travel(T0, tick=False):
        client = as_user(people["css"])
        response = client.post(
            reverse("calls_admin:create"),
            {
                "kind": "workshop",
                "title": "Backwards",
                "description": "<p>x</p>",
                "venue": "Rome",
                "applications_open_at": "2027-05-20T09:00",
                "applications_close_at": "2027-05-04T09:00",
                "event_starts_at": "2027-06-20T09:00",
                "event_ends_at": "2027-06-22T17:00",
                "priority_rules_0": "applied_first",
            },
        )
    assert response.status_code == 400
    assert "The dates must follow each other" in response.content.decode()
    assert not EventCall.objects.filter(title="Backwards").exists()


def test_an_nss_cannot_create_calls(people):
    # Wagtail answers a refusal in its admin by sending the person back to the dashboard.
    response = as_user(people["nss.es"]).get(reverse("calls_admin:create"))
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_teachers_cannot_open_the_screens(call):
    person = Application.objects.first().applicant
    response = as_user(person).get(reverse("calls_admin:index"))
    assert response.status_code in (302, 403)


def test_the_nss_ranks_and_selects_within_the_quota_on_its_screen(people, call):
    client_time = time_machine.travel(CLOSES - timedelta(hours=1), tick=False)
    with client_time:
        client = as_user(people["nss.es"])
        page = client.get(country_url(call)).content.decode()
        assert page.index("Zarina Applicant1") < page.index("Zarina Applicant2")
        assert "Select within the quota" not in page  # the window is still open
        second = Application.objects.get(applicant__username="es.2")
        client.post(country_url(call), {"action": "up", "application": second.pk})
        page = client.get(country_url(call)).content.decode()
        assert page.index("Zarina Applicant2") < page.index("Zarina Applicant1")
    with time_machine.travel(CLOSES, tick=False):
        client = as_user(people["nss.es"])
        page = client.get(country_url(call)).content.decode()
        assert "Select within the quota (1 applicant)" in page
        client.post(country_url(call), {"action": "select"})
        again = client.post(country_url(call), {"action": "select"}, follow=True)
        assert "made already" in again.content.decode()
        csv_response = client.get(reverse("calls_admin:country-csv", args=[call.pk, spain().pk]))
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode().splitlines()
    assert lines[1].startswith("1,Zarina Applicant2,") and "Selected" in lines[1]
    assert lines[2].startswith("2,Zarina Applicant1,") and "On the waiting list" in lines[2]
    assert Application.objects.filter(status=Application.Status.SELECTED).count() == 1
    assert CountrySelection.objects.count() == 1
    selected = Application.objects.get(status=Application.Status.SELECTED).applicant
    assert selected.notifications.filter(kind=notifications.SELECTED).count() == 1


def test_another_countrys_nss_never_sees_the_applicants(people, call):
    with time_machine.travel(CLOSES, tick=False):
        client = as_user(people["nss.fr"])
        assert client.get(country_url(call)).status_code == 404
        assert client.post(country_url(call), {"action": "select"}).status_code == 404
        assert (
            client.get(reverse("calls_admin:country-csv", args=[call.pk, spain().pk])).status_code
            == 404
        )
        detail = client.get(reverse("calls_admin:detail", args=[call.pk])).content.decode()
        own = client.get(country_url(call, "FR")).content.decode()
        everything = client.get(reverse("calls_admin:csv", args=[call.pk])).content.decode()
    for html in (detail, own, everything):
        assert "Zarina" not in html
        assert "Spain" not in html
    assert not CountrySelection.objects.exists()


def test_the_css_sees_every_country_but_does_not_rank(people, call):
    with time_machine.travel(CLOSES, tick=False):
        client = as_user(people["css"])
        page = client.get(country_url(call)).content.decode()
        assert "Zarina Applicant1" in page
        assert "Move up" not in page
        everything = client.get(reverse("calls_admin:csv", args=[call.pk])).content.decode()
    assert "Zarina Applicant1" in everything


def test_the_menu_item_is_shown_to_call_staff_only(people, call):
    assert "Calls for events" in as_user(people["nss.es"]).get("/admin/").content.decode()
    editor = make_staff("editor.calls", role=StaffRole.Role.EDITOR, country=None)
    assert "Calls for events" not in as_user(editor).get("/admin/").content.decode()

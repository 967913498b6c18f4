"""The calls' public pages: the list, a call with the reader's places and application,
applying, editing and withdrawing, and one's own applications."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from plugins.mooc.models.calls import Application
from tests.factories import PupilFactory
from tests.factories.mooc_calls import (
    CLOSES,
    EVENT,
    OPENS,
    T0,
    apply_as,
    css,
    make_call,
    teacher,
    teacher_in,
)

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def frozen():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def calls(frozen):
    organiser = css()
    open_call = make_call(
        organiser,
        title="Open workshop",
        applications_open_at=T0 - timedelta(days=1),
        applications_close_at=T0 + timedelta(days=5),
    )
    upcoming = make_call(organiser, title="Upcoming conference")
    closed = make_call(
        organiser,
        title="Closed seminar",
        applications_open_at=T0 - timedelta(days=10),
        applications_close_at=T0 - timedelta(days=5),
        event_starts_at=T0 + timedelta(days=1),
        event_ends_at=T0 + timedelta(days=2),
    )
    draft = make_call(organiser, title="Secret draft", publish=False)
    return open_call, upcoming, closed, draft


def test_the_list_shows_open_then_upcoming_then_closed_calls_and_no_drafts(calls):
    response = Client().get(reverse("calls:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        html.index("Open workshop")
        < html.index("Upcoming conference")
        < html.index("Closed seminar")
    )
    assert "Secret draft" not in html


def test_a_draft_is_not_found_but_by_organisers(calls):
    draft = calls[3]
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert as_user(teacher()).get(draft.get_absolute_url()).status_code == 404
    assert as_user(css()).get(draft.get_absolute_url()).status_code == 200


def test_the_call_page_shows_the_places_of_the_readers_country_and_the_apply_button(calls):
    open_call = calls[0]
    response = as_user(teacher()).get(open_call.get_absolute_url())
    html = response.content.decode()
    assert "Places for Spain" in html
    assert reverse("calls:apply", args=[open_call.pk]) in html
    assert "Teachers new to the programme first" in html


def test_a_teacher_without_places_is_told_why_on_the_page(calls):
    response = as_user(teacher_in("IT")).get(calls[0].get_absolute_url())
    assert "This call has no places for teachers from Italy" in response.content.decode()


def test_a_visitor_is_asked_to_log_in(calls):
    response = Client().get(reverse("calls:apply", args=[calls[0].pk]))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_applying_through_the_page(calls):
    open_call = calls[0]
    person = teacher()
    client = as_user(person)
    assert client.get(reverse("calls:apply", args=[open_call.pk])).status_code == 200
    response = client.post(
        reverse("calls:apply", args=[open_call.pk]), {"motivation": "I teach robotics."}
    )
    assert response.status_code == 302
    application = Application.objects.get(applicant=person)
    assert application.motivation == "I teach robotics."
    page = client.get(open_call.get_absolute_url()).content.decode()
    assert "Submitted" in page
    assert reverse("calls:withdraw", args=[open_call.pk]) in page
    assert str(application.pk) not in page.replace(str(open_call.pk), "")


def test_an_empty_motivation_is_refused_with_a_message_and_nothing_is_saved(calls):
    client = as_user(teacher())
    response = client.post(reverse("calls:apply", args=[calls[0].pk]), {"motivation": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode() or (
        "Please say why" in response.content.decode()
    )
    assert not Application.objects.exists()


def test_applying_to_an_upcoming_call_is_refused_with_the_reason(calls):
    upcoming = calls[1]
    response = as_user(teacher()).get(reverse("calls:apply", args=[upcoming.pk]))
    assert response.status_code == 403


def test_editing_and_withdrawing_through_the_pages(calls):
    open_call = calls[0]
    person = teacher()
    apply_as(person, open_call)
    client = as_user(person)
    url = reverse("calls:edit-application", args=[open_call.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"motivation": "Changed my mind."})
    assert Application.objects.get(applicant=person).motivation == "Changed my mind."
    response = client.post(reverse("calls:withdraw", args=[open_call.pk]), follow=True)
    assert "Your application is withdrawn." in response.content.decode()
    assert Application.objects.get(applicant=person).status == Application.Status.WITHDRAWN


def test_my_applications_lists_mine_only(calls):
    person, other = teacher(), teacher()
    apply_as(person, calls[0])
    apply_as(other, calls[0])
    html = as_user(person).get(reverse("calls:mine")).content.decode()
    assert "Open workshop" in html
    assert "Submitted" in html
    empty = as_user(teacher()).get(reverse("calls:mine")).content.decode()
    assert "You have not applied to any call for an event yet." in empty


def test_pupils_have_no_menu_entry(calls):
    from core.plugins import hook

    menus = [
        item.key for group in hook().register_menu_items(user=PupilFactory()) for item in group
    ]
    assert "calls" not in menus
    menus = [item.key for group in hook().register_menu_items(user=teacher()) for item in group]
    assert "calls" in menus


def test_the_window_holds_on_the_page_under_frozen_time():
    with time_machine.travel(T0, tick=False):
        call = make_call(css())
        person = teacher()
    url = reverse("calls:apply", args=[call.pk])
    for moment in (OPENS - timedelta(seconds=1), CLOSES + timedelta(seconds=1)):
        with time_machine.travel(moment, tick=False):
            response = as_user(person).post(url, {"motivation": "x"})
        assert response.status_code == 403
    assert not Application.objects.exists()
    with time_machine.travel(OPENS, tick=False):
        assert as_user(person).post(url, {"motivation": "x"}).status_code == 302
    with time_machine.travel(EVENT, tick=False):
        assert as_user(person).get(call.get_absolute_url()).status_code == 200
    assert Application.objects.count() == 1


def test_staff_find_the_way_to_the_applicants_from_the_call_page(calls):
    html = as_user(css()).get(calls[0].get_absolute_url()).content.decode()
    assert reverse("calls_admin:detail", args=[calls[0].pk]) in html
    assert reverse("calls:apply", args=[calls[0].pk]) not in html

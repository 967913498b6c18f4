"""What the seminars contribute to the rest of the site: the menu, the desktop panel,
people's calendars, the scheduled tasks, the search and the portal's listings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from core import calendar
from core.contrib import SearchQuery
from core.plugins import hook
from core.portal import portal_listings
from core.search import search
from plugins.mooc.seminars import services
from tests.factories import PupilFactory
from tests.factories.mooc_seminars import announced_seminar, new_seminar, nss, teacher
from tests.support.mooc_seminars import END, OPENS, SECOND, START, T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return nss("ES")


@pytest.fixture
def at_t0(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def menu_keys(user) -> set[str]:
    return {item.key for items in hook().register_menu_items(user=user) for item in items}


def test_the_menu_offers_seminars_to_everyone_but_pupils(organiser):
    from django.contrib.auth.models import AnonymousUser

    assert "seminars" in menu_keys(AnonymousUser())
    assert "seminars" in menu_keys(teacher())
    assert "seminars" not in menu_keys(PupilFactory())
    client = Client()
    client.force_login(PupilFactory())
    assert client.get(reverse("seminars:list")).status_code in (302, 403, 404)


def test_the_desktop_panel_lists_my_coming_seminars(organiser, at_t0):
    seminar = announced_seminar(actor=organiser, starts_at=START, title="Mine")
    announced_seminar(actor=organiser, starts_at=START, title="Not mine")
    at_t0.move_to(OPENS + SECOND, tick=False)
    person = teacher()
    services.register(actor=person, seminar=seminar)
    client = Client()
    client.force_login(person)
    page = client.get(reverse("core:desktop")).content.decode()
    assert "My seminars" in page and "Mine" in page and "Not mine" not in page


def test_registrants_and_speakers_have_the_seminar_in_their_calendar(organiser, at_t0):
    speaking = teacher()
    seminar = announced_seminar(
        actor=organiser, starts_at=START, capacity=1, speakers=[{"name": "S", "user": speaking}]
    )
    new_seminar(actor=organiser, starts_at=START, title="A draft")
    at_t0.move_to(OPENS + SECOND, tick=False)
    seated, waiting = teacher(), teacher()
    services.register(actor=seated, seminar=seminar)
    services.register(actor=waiting, seminar=seminar)
    for person in (seated, speaking):
        [item] = calendar.calendar_events(person)
        assert item.uid == f"mooc.seminar-{seminar.pk}"
        assert (item.starts_at, item.ends_at) == (START, END)
        assert item.title == "Online seminar: Coding in the primary classroom"
        assert seminar.live_link not in (item.description + item.location)
    assert calendar.calendar_events(waiting) == []
    services.cancel_seminar(actor=organiser, seminar=seminar, reason="Ill.")
    assert calendar.calendar_events(seated) == []


def test_the_three_scheduled_tasks_are_registered_by_name():
    tasks = {task.name: task for group in hook().register_scheduled_tasks() for task in group}
    for name, func in (
        ("mooc.seminars.open_registrations", "plugins.mooc.seminars.tasks.open_registrations"),
        ("mooc.seminars.reminders", "plugins.mooc.seminars.tasks.send_reminders"),
        ("mooc.seminars.attendance", "plugins.mooc.seminars.tasks.close_attendance"),
    ):
        assert tasks[name].func == func and tasks[name].minutes <= 5


def test_search_finds_announced_seminars_by_title_or_speaker_never_drafts(organiser, at_t0):
    announced_seminar(actor=organiser, title="Robots for all", speakers=[{"name": "Grace Hopper"}])
    new_seminar(actor=organiser, title="Robots in a drawer")
    [section] = search(SearchQuery(text="robots"), kinds={"seminars"})
    assert [result.title for result in section.results] == ["Robots for all"]
    [section] = search(SearchQuery(text="hopper"), kinds={"seminars"})
    assert [result.title for result in section.results] == ["Robots for all"]
    assert section.results[0].state_label == "Registration opens soon"


def test_the_portal_lists_upcoming_and_open_seminars(organiser, at_t0):
    announced_seminar(actor=organiser, starts_at=T0 + timedelta(days=3), title="Soon")
    announced_seminar(actor=organiser, starts_at=T0 + timedelta(days=20), title="Later")
    announced_seminar(actor=organiser, starts_at=T0 - timedelta(days=1), title="Over")
    listings = {listing.key: listing for listing in portal_listings(kind="seminars")}
    assert str(listings["seminars.upcoming"].title) == "Upcoming online seminars"
    assert str(listings["seminars.open"].title) == "Open for registration"
    assert [item.title for item in listings["seminars.upcoming"].items(5)] == ["Soon", "Later"]
    assert [item.title for item in listings["seminars.open"].items(5)] == ["Soon"]
    assert [item.title for item in listings["seminars.upcoming"].items(1)] == ["Soon"]

"""The menu entry and the desktop panel of the meetings pages."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from core.context_processors import main_menu
from plugins.meetings import services
from plugins.meetings.models import Meeting
from tests.factories import PupilFactory
from tests.factories.meetings_web import make_meeting, nss_of, switch_to, teacher, trainer

pytestmark = pytest.mark.django_db


def keys(user) -> set[str]:
    return {item.key for item in main_menu(user)}


def test_menu_offers_teaching_meetings_to_teachers_and_visitors_but_not_pupils():
    from django.contrib.auth.models import AnonymousUser

    assert "meetings" in keys(teacher())
    assert "meetings" in keys(AnonymousUser())
    assert "meetings" not in keys(PupilFactory())


def test_desktop_panel_lists_my_meetings_with_their_phase_and_next_date(client):
    leader = trainer()
    mine = make_meeting(organiser=nss_of("ES"), trainers=(leader,), title="My meeting")
    make_meeting(organiser=nss_of("ES"), title="Someone else's meeting")
    person = teacher()
    services.register(actor=person, meeting=mine)
    switch_to(mine, Meeting.State.ACTIVE, actor=leader)
    client.force_login(person)

    page = html.unescape(client.get(reverse("core:desktop")).content.decode())

    assert "My teaching meetings" in page
    assert "My meeting" in page and "Someone else's meeting" not in page
    assert "Active phase" in page and "Next: Reflection phase, on" in page


def test_desktop_panel_of_a_teacher_without_meetings_points_to_the_list(client):
    client.force_login(teacher())

    page = html.unescape(client.get(reverse("core:desktop")).content.decode())

    assert "You are not registered for any teaching meeting yet." in page
    assert reverse("meetings:list") in page

"""The portal's listing of upcoming meetings holds public data only: announced meetings not
yet closed, soonest first, with their title, address, start, topic and language."""

from __future__ import annotations

import dataclasses

import pytest

from core.contrib import PortalItem
from core.portal import portal_listings
from plugins.meetings import services
from plugins.meetings.models import Meeting
from tests.factories.twinspace import teacher_in
from tests.support.meetings import ACTIVE, T0, create_meeting, make_staff, reach, switch_to_closed

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_t0(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


@pytest.fixture
def organiser():
    return make_staff("nss.es.portal")


def meetings_listing():
    [listing] = portal_listings(kind="meetings")
    return listing


def test_the_listing_is_contributed_under_its_kind(db):
    listing = meetings_listing()

    assert listing.key == "meetings.upcoming"
    assert str(listing.title) == "Upcoming teaching meetings"


def test_the_listing_holds_announced_meetings_not_drafts_nor_closed_ones(at_t0, organiser):
    create_meeting(organiser, title="Announced")
    create_meeting(organiser, title="Draft", publish=False)
    switch_to_closed(organiser, create_meeting(organiser, title="Closed by hand"))
    create_meeting(organiser, title="Announced too")

    assert [item.title for item in meetings_listing().items(10)] == ["Announced", "Announced too"]


def test_items_hold_only_the_public_announcement(at_t0, organiser):
    meeting = create_meeting(organiser, title="Public facts", language="fr")
    reach(at_t0, meeting, Meeting.State.REGISTRATION_OPEN)
    services.register(actor=teacher_in("ES", first_name="Privatina"), meeting=meeting)

    [item] = meetings_listing().items(10)

    assert item == PortalItem(
        title="Public facts",
        url=f"/meetings/{meeting.pk}/",
        starts_at=ACTIVE,
        summary="Educational robotics",
        language="fr",
    )
    assert "Privatina" not in repr(dataclasses.asdict(item))


def test_the_listing_gives_at_most_limit_items_soonest_first(at_t0, organiser):
    for number in range(4):
        create_meeting(organiser, title=f"Meeting {number}")

    assert [item.title for item in meetings_listing().items(2)] == ["Meeting 0", "Meeting 1"]


def test_the_home_page_shows_upcoming_meetings(client, at_t0, organiser):
    create_meeting(organiser, title="On the home page")

    assert "On the home page" in client.get("/").content.decode()

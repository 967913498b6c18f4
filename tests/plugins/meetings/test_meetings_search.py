"""The "meetings" search provider: announced meetings only, never drafts, by their words,
language and level."""

from __future__ import annotations

import pytest

from core.contrib import SearchQuery
from core.search import search
from plugins.meetings.models import Meeting
from plugins.meetings.search import search_meetings
from tests.factories.twinspace import teacher_in
from tests.support.meetings import T0, create_meeting, make_staff, make_trainer, reach

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_t0(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


@pytest.fixture
def organiser():
    return make_staff("nss.es.search")


def titles(text: str = "", user=None, **filters) -> list[str]:
    return [
        r.title for r in search_meetings(SearchQuery(text=text, filters=filters, user=user), 50)
    ]


def test_drafts_are_never_found_not_even_by_their_organiser_or_trainer(at_t0, organiser):
    trainer = make_trainer()
    create_meeting(organiser, title="Robots draft", trainers=(trainer,), publish=False)
    create_meeting(organiser, title="Robots announced")

    assert titles("robots") == ["Robots announced"]
    assert titles("robots", user=organiser) == ["Robots announced"]
    assert titles("robots", user=trainer) == ["Robots announced"]


def test_a_meeting_is_found_once_announced(at_t0, organiser):
    from plugins.meetings import services

    draft = create_meeting(organiser, title="Announced later", publish=False)
    assert titles("later") == []

    services.publish_meeting(actor=organiser, meeting=draft)

    assert titles("later") == ["Announced later"]


def test_announced_meetings_are_found_in_every_phase_including_closed(at_t0, organiser):
    meeting = create_meeting(organiser, title="A meeting that ends")
    reach(at_t0, meeting, Meeting.State.REGISTRATION_OPEN)
    assert titles("ends") == ["A meeting that ends"]

    reach(at_t0, meeting, Meeting.State.CLOSED)

    assert titles("ends") == ["A meeting that ends"]


def test_every_word_must_match_the_title_topic_or_description(at_t0, organiser):
    create_meeting(organiser, title="Robots in the classroom")
    create_meeting(
        organiser,
        title="Poetry aloud",
        topic="Reading poems",
        description="Pupils read their poems to a partner class.",
    )

    assert titles("robotics lesson") == ["Robots in the classroom"]  # topic and description
    assert titles("robots poetry") == []
    assert titles('"poetry*"') == ["Poetry aloud"]  # search syntax is only words


def test_search_filters_by_language_and_level(at_t0, organiser):
    create_meeting(organiser, title="English primary", language="en", levels=("primary",))
    create_meeting(organiser, title="French secondary", language="fr", levels=("secondary",))

    assert titles(language="fr") == ["French secondary"]
    assert titles(level="primary") == ["English primary"]
    assert titles(language="fr", level="primary") == []


def test_results_show_the_phase_as_a_translated_badge_and_public_facts_only(at_t0, organiser):
    meeting = create_meeting(organiser, title="Badge meeting")
    reach(at_t0, meeting, Meeting.State.REGISTRATION_OPEN)
    from plugins.meetings import services

    services.register(actor=teacher_in("FR", first_name="Secretia"), meeting=meeting)

    [section] = search(SearchQuery(text="badge"), kinds={"meetings"})
    [result] = section.results

    assert section.provider.label == "Teaching meetings"
    assert (result.state, result.state_label) == ("registration_open", "Registration open")
    assert result.url == f"/meetings/{meeting.pk}/"
    assert result.kind == "meetings"
    assert "Educational robotics" in result.summary
    assert "Secretia" not in result.summary


def test_the_public_search_page_lists_meetings(client, at_t0, organiser):
    create_meeting(organiser, title="Searchable meeting")

    page = client.get("/search/", {"q": "searchable", "kind": "meetings"}).content.decode()

    assert "Searchable meeting" in page


def test_an_announced_meeting_before_its_registration_shows_as_announced(at_t0, organiser):
    create_meeting(organiser, title="Coming soon")

    [result] = search_meetings(SearchQuery(text="coming"), 10)

    assert (result.state, result.state_label) == ("announced", "Announced")

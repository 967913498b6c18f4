"""The calls' contributions to the rest of the site: notification kinds, the event in a
selected applicant's calendar, the desktop panel, the search and the portal listing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from core import calendar
from core.contrib import SearchQuery
from core.models import Country, Notification
from core.notification_kinds import notification_kinds
from core.plugins import hook
from plugins.mooc.calls import notifications, services
from plugins.mooc.calls.search import open_portal_items, search_calls
from tests.factories.mooc_calls import (
    CLOSES,
    EVENT,
    EVENT_ENDS,
    OPENS,
    T0,
    apply_as,
    css,
    make_call,
    nss,
    teacher,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def selected_call():
    with time_machine.travel(T0, tick=False):
        call = make_call(css(), quotas={"ES": 1})
        chosen = teacher(date_joined=T0)
        waiting = teacher(date_joined=T0 - timedelta(days=900))
    with time_machine.travel(OPENS, tick=False):
        apply_as(chosen, call)
        apply_as(waiting, call)
    with time_machine.travel(CLOSES, tick=False):
        services.select_within_quota(
            actor=nss("ES"), call=call, country=Country.objects.get(code="ES")
        )
    return call, chosen, waiting


def test_every_kind_the_calls_send_is_registered():
    kinds = notification_kinds()
    for kind in (
        notifications.RECEIVED,
        notifications.SELECTED,
        notifications.WAITING,
        notifications.NOT_SELECTED,
        notifications.PROMOTED,
    ):
        assert kind in kinds


def test_the_selected_applicant_has_the_event_in_their_calendar_with_the_venue(selected_call):
    call, chosen, waiting = selected_call
    event = calendar.event_for(chosen, f"mooc.call-{call.pk}.event")
    assert event is not None
    assert (event.starts_at, event.ends_at, event.location) == (EVENT, EVENT_ENDS, "Lisbon")
    assert calendar.event_for(waiting, f"mooc.call-{call.pk}.event") is None
    selected = Notification.objects.get(user=chosen, kind=notifications.SELECTED)
    assert selected.title == f"You are selected for “{call.title}”"


def test_the_desktop_panel_lists_my_applications(selected_call):
    call, chosen, _waiting = selected_call
    panels = [p for group in hook().register_desktop_panels(user=chosen) for p in group]
    mine = next(panel for panel in panels if panel.key == "calls")
    assert [a.call for a in mine.context["applications"]] == [call]


def test_the_search_finds_published_calls_only():
    with time_machine.travel(T0, tick=False):
        make_call(css(), title="Robotics workshop")
        make_call(css(), title="Robotics draft", publish=False)
        results = list(search_calls(SearchQuery(text="robotics"), 10))
    assert [result.title for result in results] == ["Robotics workshop"]
    assert results[0].state_label == "Opening soon"


def test_the_portal_lists_open_calls():
    with time_machine.travel(T0, tick=False):
        call = make_call(css())
        assert open_portal_items(5) == []
    with time_machine.travel(OPENS, tick=False):
        assert [item.title for item in open_portal_items(5)] == [call.title]
    listings = [item for group in hook().register_portal_listings() for item in group]
    assert any(item.key == "calls.open" for item in listings)

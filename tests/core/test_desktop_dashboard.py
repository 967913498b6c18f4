"""The desktop is a dashboard of panel cards with the next step first."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from core.contrib import DesktopPanel
from core.directory.services import send_contact_request
from core.models import User
from core.plugins import hookimpl
from core.views import desktop_panels
from tests.factories import PupilFactory, TeacherFactory

pytestmark = pytest.mark.django_db


class TwoPanels:
    """An inline plugin: an informational panel early, a panel that needs action late."""

    @hookimpl
    def register_desktop_panels(self, user):
        return [
            DesktopPanel(key="zz-info", title="Info", template="core/panels/queue.html", order=1),
            DesktopPanel(
                key="zz-todo",
                title="Todo",
                template="core/panels/queue.html",
                order=999,
                needs_action=True,
            ),
        ]


def test_a_panel_needs_no_action_unless_it_says_so():
    panel = DesktopPanel(key="k", title="T", template="core/panels/queue.html")
    assert panel.needs_action is False


def test_a_queue_needs_action_only_while_items_wait():
    def queue(count):
        return DesktopPanel.queue(
            key="q", title="Q", count=count, summary="waiting.", url="/q/", link_label="Open"
        )

    assert queue(3).needs_action is True
    assert queue(0).needs_action is False


def test_panels_that_need_action_come_before_every_informational_panel(register_plugin):
    register_plugin(TwoPanels(), "two-panels")
    keys = [panel.key for panel in desktop_panels(TeacherFactory())]
    assert keys.index("zz-todo") < keys.index("account") < keys.index("zz-info")


def test_the_desktop_marks_the_next_step_in_words_and_gives_it_the_one_primary_button(
    client, register_plugin
):
    register_plugin(TwoPanels(), "two-panels")
    teacher, other = TeacherFactory(), TeacherFactory()
    send_contact_request(actor=other, recipient=teacher)
    client.force_login(teacher)
    page = client.get(reverse("core:desktop")).content.decode()
    # Panels are cards of a grid; one h1, each panel titled by an h2.
    assert 'class="row row-cols-1 row-cols-md-2 row-cols-xl-3 g-3 desktop-panels"' in page
    assert page.count("<h1") == 1
    # Not by colour alone: a "To do" badge names the panels that need action.
    assert page.count(">To do</span>") == 2
    assert page.count("btn-primary") == 1
    order = re.findall(r'<section class="card[^"]*" aria-labelledby="panel-([\w-]+)"', page)
    assert order[:2] == ["contacts", "zz-todo"]
    assert order.index("zz-todo") < order.index("account") < order.index("zz-info")


def test_a_teacher_who_must_finish_registering_sees_that_panel_first(client):
    assert desktop_panels(TeacherFactory(state=User.State.PROFILE_INCOMPLETE))[0].needs_action
    teacher = TeacherFactory(state=User.State.REJECTED)
    panels = desktop_panels(teacher)
    assert panels[0].key == "registration" and panels[0].needs_action
    client.force_login(teacher)
    page = client.get(reverse("core:desktop")).content.decode()
    assert re.search(r'class="btn btn-primary" href="/register/school/"', page)


def test_a_validated_teacher_has_nothing_to_do_on_the_registration_panel():
    panels = {panel.key: panel for panel in desktop_panels(TeacherFactory())}
    assert panels["registration"].needs_action is False


def test_a_contact_request_received_is_a_next_step():
    teacher = TeacherFactory()
    assert not {p.key: p for p in desktop_panels(teacher)}["contacts"].needs_action
    send_contact_request(actor=TeacherFactory(), recipient=teacher)
    panels = desktop_panels(teacher)
    assert panels[0].key == "contacts" and panels[0].needs_action


def test_empty_panels_say_what_is_missing_and_the_next_step(client):
    client.force_login(TeacherFactory())
    page = client.get(reverse("core:desktop")).content.decode()
    assert 'class="empty-state"' in page
    assert "No contacts yet. Find teachers to work with in the search." in page
    assert 'href="/search/"' in page


def test_the_pupils_desktop_is_written_for_children_and_has_no_account_states(client):
    pupil = PupilFactory()
    client.force_login(pupil)
    page = client.get(reverse("core:desktop")).content.decode()
    assert "You need it, with your password, to log in." in page
    assert "Account state" not in page
    assert "No new messages." in page

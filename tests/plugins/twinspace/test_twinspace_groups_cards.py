"""The groups list as cards: each shows who may join as a badge in words, and the join
button says which group it joins."""

from __future__ import annotations

import pytest

from plugins.twinspace.models import Group
from tests.factories.twinspace import make_group, teacher_in

pytestmark = pytest.mark.django_db

LIST = "/groups/"


def test_each_group_shows_its_access_kind_as_a_translated_badge(client):
    make_group(title="Open one", policy=Group.Policy.OPEN)
    make_group(title="Validated one", policy=Group.Policy.VALIDATED)
    make_group(title="Invited one", policy=Group.Policy.INVITATION)
    client.force_login(teacher_in("ES"))
    content = client.get(LIST).content.decode()
    for label in ("Open<", "Validated teachers only<", "Invitation only<"):
        assert "state-badge text-bg-" in content and label in content
    assert ">invitation<" not in content and ">validated<" not in content


def test_the_join_button_names_the_group_it_joins(client):
    group = make_group(title="Robots in class", policy=Group.Policy.OPEN)
    client.force_login(teacher_in("ES"))
    content = client.get(LIST).content.decode()
    assert f'action="{group.url("group-join")}"' in content
    assert 'aria-label="Join Robots in class">Join</button>' in content


def test_an_empty_search_says_so_instead_of_an_empty_list(client):
    make_group(title="Robots in class")
    client.force_login(teacher_in("ES"))
    content = client.get(LIST, {"q": "poetry"}).content.decode()
    assert "empty-state" in content and "No active group has this in its title." in content


def test_each_access_choice_of_the_group_form_has_one_label(client):
    client.force_login(teacher_in("ES"))
    html = client.get("/groups/new/").content.decode()
    for index in range(3):
        assert html.count(f'for="id_membership_policy_{index}"') == 1
    assert 'value="validated" id="id_membership_policy_1" required checked' in html

"""What the groups area contributes through the hooks: menu, desktop panel, demo data."""

from __future__ import annotations

import pytest

from core.contrib import PrivacyProvider
from core.demo import load_core_demo_data
from core.models import User
from core.plugins import get_plugin_manager
from plugins.twinspace.groups import hooks
from plugins.twinspace.models import Group, Membership, Role, Space
from tests.factories import PupilFactory, UserFactory
from tests.factories.twinspace import add_member, make_group, teacher_in

pytestmark = pytest.mark.django_db


def test_menu_has_groups_for_logged_in_teachers_only(client):
    teacher = teacher_in("ES")
    items = hooks.register_menu_items(teacher)
    assert [(item.key, item.url) for item in items] == [("groups", "/groups/")]
    assert hooks.register_menu_items(PupilFactory()) == []
    assert hooks.register_menu_items(UserFactory(kind=User.Kind.STAFF)) == []
    client.force_login(teacher)
    assert 'href="/groups/"' in client.get("/desktop/").content.decode()


def test_desktop_panel_shows_my_groups_and_those_waiting_for_moderation(client):
    teacher = teacher_in("ES")
    for number in range(7):
        add_member(make_group(title=f"Member of {number}"), user=teacher)
    make_group(creator=teacher, title="My proposal", state=Space.State.PENDING_MODERATION)
    make_group(title="Not mine")
    (panel,) = hooks.register_desktop_panels(teacher)
    assert len(panel.context["groups"]) == 5
    assert [g.title for g in panel.context["pending"]] == ["My proposal"]
    client.force_login(teacher)
    content = client.get("/desktop/").content.decode()
    assert "My groups" in content and "My proposal" in content
    assert "Not mine" not in content


def test_no_panel_for_pupils_or_staff():
    assert hooks.register_desktop_panels(PupilFactory()) == []
    assert hooks.register_desktop_panels(UserFactory(kind=User.Kind.STAFF)) == []


def test_the_plugin_has_one_privacy_provider_named_twinspace():
    providers = [
        provider
        for group in get_plugin_manager().hook.register_privacy_providers()
        for provider in group
        if provider.key == "twinspace"
    ]
    assert len(providers) == 1
    assert isinstance(providers[0], PrivacyProvider)


def test_demo_data_is_registered_under_its_key():
    (demo,) = hooks.register_demo_data()
    assert demo.key == "twinspace-groups"


def test_demo_group_is_loaded_once():
    # Core's demo people first (as seed_demo orders them), then the group, twice.
    load_core_demo_data()
    assert hooks.load_demo_groups() == [
        "Demo group: Teaching with robots (teacher.ana, teacher.luc)"
    ]
    group = Group.objects.get(title="Teaching with robots")
    assert (group.state, group.membership_policy) == (Space.State.ACTIVE, Group.Policy.VALIDATED)
    assert group.created_by.username == "teacher.ana"
    assert group.country.code == "ES"
    members = dict(Membership.objects.filter(space=group).values_list("user__username", "role"))
    assert members == {"teacher.ana": Role.TEACHER_ADMIN, "teacher.luc": Role.TEACHER}
    assert Membership.objects.get(space=group, user__username="teacher.ana").is_founder
    assert hooks.load_demo_groups() == []
    assert Group.objects.filter(title="Teaching with robots").count() == 1

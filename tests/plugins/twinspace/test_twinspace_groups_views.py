"""The groups pages through the client: browse, create, join, edit, archive."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Country, Notification, StaffRole, User
from plugins.twinspace.models import Group, Membership, Role, Space
from tests.factories import PupilFactory, TeacherFactory, UserFactory
from tests.factories.twinspace import (
    add_member,
    make_group,
    make_project,
    make_pupil,
    teacher_in,
)

pytestmark = pytest.mark.django_db

LIST = "/groups/"
NEW = "/groups/new/"


def join_url(group: Group) -> str:
    return reverse("twinspace:group:group-join", args=[group.pk])


def edit_url(group: Group) -> str:
    return reverse("twinspace:group:group-edit", args=[group.pk])


def archive_url(group: Group) -> str:
    return reverse("twinspace:group:group-archive", args=[group.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_group_urls_live_under_groups():
    assert reverse("twinspace:groups") == LIST
    assert reverse("twinspace:group-new") == NEW
    assert join_url(Group(pk=7)) == "/groups/7/join/"
    assert edit_url(Group(pk=7)) == "/groups/7/edit/"
    assert archive_url(Group(pk=7)) == "/groups/7/archive/"


# --- browsing --------------------------------------------------------------------------------


def test_list_shows_active_groups_only(client):
    make_group(title="Active robots")
    make_group(title="Pending poetry", state=Space.State.PENDING_MODERATION)
    make_group(title="Rejected shop", state=Space.State.REJECTED)
    make_group(title="Archived chess", state=Space.State.ARCHIVED)
    client.force_login(teacher_in("ES"))
    content = client.get(LIST).content.decode()
    assert "Active robots" in content
    for hidden in ("Pending poetry", "Rejected shop", "Archived chess"):
        assert hidden not in content


def test_list_searches_titles(client):
    make_group(title="Robots in class")
    make_group(title="Poetry club")
    client.force_login(teacher_in("ES"))
    content = client.get(LIST, {"q": "robot"}).content.decode()
    assert "Robots in class" in content
    assert "Poetry club" not in content
    assert (
        "No active group has this in its title."
        in client.get(LIST, {"q": "astronomy"}).content.decode()
    )


def test_my_groups_come_first(client):
    teacher = teacher_in("ES")
    make_group(title="Aardvarks")
    mine = make_group(title="Zoology")
    add_member(mine, user=teacher)
    client.force_login(teacher)
    rows = client.get(LIST).context["rows"]
    assert [row["group"].title for row in rows] == ["Zoology", "Aardvarks"]
    assert rows[0]["is_mine"] and not rows[1]["is_mine"]


def test_list_is_paginated_and_keeps_the_search(client):
    creator = teacher_in("ES")
    for number in range(23):
        make_group(creator=creator, title=f"Robots {number:02d}")
    client.force_login(teacher_in("ES"))
    response = client.get(LIST, {"q": "robots"})
    assert len(response.context["rows"]) == 20
    assert "?q=robots&amp;page=2" in response.content.decode()
    assert len(client.get(LIST, {"q": "robots", "page": 2}).context["rows"]) == 3


def test_pupils_cannot_browse_groups(client):
    client.force_login(make_pupil(teacher_in("ES")))
    response = client.get(LIST, follow=True)
    assert response.redirect_chain == [("/desktop/", 302)]
    assert "You can only open the spaces of your own projects." in response.content.decode()


def test_creator_sees_their_group_waiting_and_the_rejection_reason(client):
    teacher = teacher_in("ES")
    make_group(creator=teacher, title="Waiting one", state=Space.State.PENDING_MODERATION)
    rejected = make_group(creator=teacher, title="Refused one", state=Space.State.REJECTED)
    Group.objects.filter(pk=rejected.pk).update(rejection_reason="Not about teaching.")
    client.force_login(teacher)
    content = client.get(LIST).content.decode()
    assert "Waiting one" in content and "Waiting for moderation" in content
    assert "Not about teaching." in content


def test_list_shows_why_a_teacher_cannot_join(client):
    make_group(title="Invite only", policy=Group.Policy.INVITATION)
    client.force_login(teacher_in("ES"))
    content = client.get(LIST).content.decode()
    assert "open by invitation only" in content
    assert "Join Invite only" not in content


def list_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def add_groups(count: int, creator: User, viewer: User, members: int, prefix: str) -> None:
    """``count`` active groups (the viewer in every third), the first with ``members``."""
    groups = [
        make_group(creator=creator, title=f"Group {n}", policy=Group.Policy.OPEN)
        for n in range(count)
    ]
    Membership.objects.bulk_create(
        [Membership(space=g, user=viewer, role=Role.TEACHER) for g in groups[::3]]
    )
    teachers = User.objects.bulk_create(
        [User(username=f"{prefix}{n}", kind=User.Kind.TEACHER) for n in range(members)]
    )
    Membership.objects.bulk_create(
        [Membership(space=groups[0], user=t, role=Role.TEACHER) for t in teachers]
    )


def test_list_query_count_does_not_grow_with_groups_or_members(client):
    viewer = teacher_in("ES")
    creator = teacher_in("ES")
    add_groups(3, creator, viewer, members=5, prefix="small")
    small = list_queries(client, viewer)
    add_groups(30, teacher_in("FR"), viewer, members=500, prefix="large")
    assert list_queries(client, viewer) == small


# --- creating --------------------------------------------------------------------------------


def test_teacher_creates_a_group_which_waits_for_moderation(client):
    teacher = teacher_in("FR")
    nss = UserFactory(kind=User.Kind.STAFF)
    StaffRole.objects.create(user=nss, role="nss", country=Country.objects.get(code="FR"))
    client.force_login(teacher)
    assert client.get(NEW).status_code == 200
    response = client.post(
        NEW,
        {"title": "Théâtre", "description": "Drama with pupils.", "membership_policy": "open"},
        follow=True,
    )
    assert "Your group waits for moderation by your national support service." in messages_of(
        response
    )
    group = Group.objects.get(title="Théâtre")
    assert (group.state, group.created_by, group.country.code) == (
        Space.State.PENDING_MODERATION,
        teacher,
        "FR",
    )
    assert Notification.objects.filter(user=nss, kind="twinspace.group_submitted").exists()
    # Not listed, and not joinable, until it is approved.
    client.force_login(teacher_in("FR"))
    assert "Théâtre" not in client.get(LIST).content.decode()
    response = client.post(join_url(group), follow=True)
    assert any("not open" in message for message in messages_of(response))
    assert group.memberships.count() == 1


def test_bad_input_keeps_what_was_typed_and_creates_nothing(client):
    client.force_login(teacher_in("ES"))
    response = client.post(
        NEW, {"title": "Kept title", "description": "", "membership_policy": "open"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Kept title"' in content
    assert "This field is required." in content
    assert not Group.objects.exists()


def test_teacher_without_a_school_cannot_create_a_group(client):
    client.force_login(TeacherFactory(school=None))
    response = client.get(NEW)
    assert response.status_code == 403
    assert "choose your school" in response.content.decode()
    assert "Create a group" not in client.get(LIST).content.decode()


@pytest.mark.parametrize("kind", [User.Kind.PUPIL, User.Kind.STAFF])
def test_pupils_and_staff_cannot_create_groups(client, kind):
    user = PupilFactory() if kind == User.Kind.PUPIL else UserFactory(kind=kind)
    client.force_login(user)
    response = client.post(NEW, {"title": "Mine", "description": "x", "membership_policy": "open"})
    # Pupils are sent back to their desktop, as from every page that is not theirs.
    assert response.status_code == (302 if kind == User.Kind.PUPIL else 403)
    assert not Group.objects.exists()


def test_visitor_is_sent_to_log_in_to_create(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert "/login/" in response.url


# --- joining ---------------------------------------------------------------------------------


def test_teacher_joins_an_open_group(client):
    group = make_group(policy=Group.Policy.OPEN)
    teacher = teacher_in("FR", state=User.State.WAITING_VALIDATION)
    client.force_login(teacher)
    response = client.post(join_url(group))
    assert response.status_code == 302
    assert response.url == group.url("home")
    assert Membership.objects.filter(space=group, user=teacher, role=Role.TEACHER).exists()


def test_unvalidated_teacher_is_told_why_they_cannot_join_a_validated_group(client):
    group = make_group(policy=Group.Policy.VALIDATED)
    client.force_login(teacher_in("ES", state=User.State.WAITING_VALIDATION))
    response = client.post(join_url(group), follow=True)
    assert any("validated teachers only" in message for message in messages_of(response))
    assert group.memberships.count() == 1


def test_joining_an_invitation_group_says_it_is_by_invitation(client):
    group = make_group(policy=Group.Policy.INVITATION)
    client.force_login(teacher_in("ES"))
    response = client.post(join_url(group), follow=True)
    assert any("by invitation only" in message for message in messages_of(response))
    assert group.memberships.count() == 1


def test_pupil_cannot_join_through_the_page(client):
    group = make_group(policy=Group.Policy.OPEN)
    client.force_login(make_pupil(group.created_by))
    response = client.post(join_url(group), follow=True)
    assert response.redirect_chain == [("/desktop/", 302)]
    assert "You can only open the spaces of your own projects." in response.content.decode()
    assert group.memberships.count() == 1


def test_joining_needs_a_post(client):
    group = make_group(policy=Group.Policy.OPEN)
    client.force_login(teacher_in("ES"))
    assert client.get(join_url(group)).status_code == 405
    assert group.memberships.count() == 1


def test_visitor_is_sent_to_log_in_to_join(client):
    group = make_group(policy=Group.Policy.OPEN)
    response = client.post(join_url(group))
    assert response.status_code == 302 and "/login/" in response.url


# --- editing and archiving -------------------------------------------------------------------


def test_administrator_edits_the_group(client):
    group = make_group()
    client.force_login(group.created_by)
    page = client.get(edit_url(group))
    assert page.status_code == 200
    assert 'value="Teaching with robots"' in page.content.decode()
    response = client.post(
        edit_url(group),
        {"title": "Robots 2.0", "description": "New text.", "membership_policy": "invitation"},
        follow=True,
    )
    assert "The group was saved." in messages_of(response)
    group.refresh_from_db()
    assert (group.title, group.membership_policy) == ("Robots 2.0", "invitation")


def test_edit_with_bad_input_keeps_the_typed_text(client):
    group = make_group()
    client.force_login(group.created_by)
    response = client.post(
        edit_url(group), {"title": "", "description": "Typed text", "membership_policy": "open"}
    )
    assert response.status_code == 200
    assert "Typed text" in response.content.decode()
    group.refresh_from_db()
    assert group.title == "Teaching with robots"


def test_member_who_is_not_administrator_cannot_edit_or_archive(client):
    group = make_group()
    client.force_login(add_member(group).user)
    assert client.get(edit_url(group)).status_code == 403
    assert client.post(archive_url(group)).status_code == 403
    group.refresh_from_db()
    assert group.state == Space.State.ACTIVE


def test_administrator_archives_and_the_group_becomes_read_only(client):
    group = make_group()
    client.force_login(group.created_by)
    response = client.post(archive_url(group))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.state == Space.State.ARCHIVED
    response = client.get(edit_url(group))
    assert response.status_code == 403
    assert "archived" in response.content.decode()
    assert client.post(archive_url(group)).status_code == 403


def test_archive_needs_a_post(client):
    group = make_group()
    client.force_login(group.created_by)
    assert client.get(archive_url(group)).status_code == 405
    group.refresh_from_db()
    assert group.state == Space.State.ACTIVE


def test_a_project_is_not_a_group(client):
    project = make_project()
    client.force_login(project.founder)
    assert client.get(f"/groups/{project.pk}/edit/").status_code == 404
    assert client.post(f"/groups/{project.pk}/join/").status_code == 404


def test_a_teacher_joins_from_the_group_page_and_a_refusal_comes_back_there(client):
    group = make_group(policy=Group.Policy.VALIDATED)
    home = reverse("twinspace:group:home", args=[group.pk])
    client.force_login(TeacherFactory(state=User.State.WAITING_VALIDATION))
    page = client.get(home).content.decode()
    assert f'action="{join_url(group)}"' in page
    response = client.post(join_url(group))
    assert response["Location"] == home
    assert not Membership.objects.filter(space=group, user__state="waiting_validation").exists()

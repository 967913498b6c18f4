"""The space home (public and members'), the teacher bulletin and the project journal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.models import AuditEntry
from plugins.twinspace.board import services
from plugins.twinspace.models import GuestAccess, JournalEntry, Post, Role, Space
from tests.factories.twinspace import add_member, make_group, make_project, teacher_in

pytestmark = pytest.mark.django_db

BULLETIN_MESSAGE = "The teacher bulletin is only for the teachers of this space."


@pytest.fixture
def project():
    return make_project()


@pytest.fixture
def people(project):
    people = {Role.TEACHER_ADMIN: project.founder}
    for role in (Role.TEACHER, Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN, Role.PUPIL):
        people[role] = add_member(project, role=role).user
    return people


def bulletin_message(space, author, body="Staff meeting on Monday") -> Post:
    return services.post_update(actor=author, space=space, body=body, channel=Post.Channel.BULLETIN)


# --- home -------------------------------------------------------------------------------


def test_visitor_sees_the_public_page_without_the_twinboard(client, project, people):
    services.post_update(actor=people[Role.TEACHER], space=project, body="Members-only update")
    services.write_journal_entry(
        actor=people[Role.TEACHER], space=project, title="Week one", body="We started."
    )
    bulletin_message(project, people[Role.TEACHER], "Teachers-only note")
    response = client.get(project.url())
    page = response.content.decode()
    assert response.status_code == 200
    assert project.title in page and project.description in page
    assert "Week one" in page and "We started." in page
    assert "Members-only update" not in page
    assert "Teachers-only note" not in page
    assert project.url("bulletin") not in page
    assert project.url("twinboard") not in page


def test_visitor_sees_the_twinboard_on_the_public_page_when_the_admins_allow(client):
    project = make_project(twinboard_public=True)
    services.post_update(actor=project.founder, space=project, body="Public update")
    bulletin_message(project, project.founder, "Teachers-only note")
    page = client.get(project.url()).content.decode()
    assert "Public update" in page
    assert "Teachers-only note" not in page
    assert 'name="body"' not in page


def test_visitor_never_sees_the_bulletin(client, project, people):
    bulletin_message(project, people[Role.TEACHER])
    response = client.get(project.url("bulletin"))
    assert response.status_code == 302 and "login" in response.url
    public = make_project(twinboard_public=True, title="Public one")
    assert client.get(public.url("bulletin")).status_code == 302


def test_member_home_shows_pinned_first_then_latest_and_journal(client, project, people):
    pinned = services.post_update(actor=people[Role.TEACHER], space=project, body="Pinned rule")
    services.pin_post(actor=project.founder, post=pinned)
    services.post_update(actor=people[Role.TEACHER], space=project, body="Fresh news")
    services.write_journal_entry(
        actor=people[Role.TEACHER], space=project, title="Diary title", body="Diary text"
    )
    client.force_login(people[Role.PUPIL])
    page = client.get(project.url()).content.decode()
    assert page.index("Pinned rule") < page.index("Fresh news")
    assert "Diary title" in page
    assert project.url("pages") in page and project.url("forums") in page
    assert project.url("bulletin") not in page  # pupils have no bulletin


def test_home_of_a_pending_project_leads_to_its_about_page(client):
    project = make_project(state=Space.State.PENDING_APPROVAL)
    client.force_login(project.founder)
    response = client.get(project.url())
    assert response.status_code == 302
    assert response.url == project.url("about")


def test_pending_group_shows_waiting_to_its_creator_and_404_to_others(client):
    group = make_group(state=Space.State.PENDING_MODERATION)
    client.force_login(group.created_by)
    response = client.get(group.url())
    assert response.status_code == 200
    assert "Waiting for moderation" in response.content.decode()
    client.force_login(teacher_in("FR"))
    assert client.get(group.url()).status_code == 404
    client.logout()
    assert client.get(group.url()).status_code == 404


def test_rejected_group_says_so_to_its_creator(client):
    group = make_group(state=Space.State.REJECTED)
    client.force_login(group.created_by)
    assert "This group was not accepted" in client.get(group.url()).content.decode()


def test_group_home_works_under_the_group_prefix(client):
    group = make_group()
    client.force_login(group.created_by)
    assert client.get(group.url()).status_code == 200
    assert client.get(group.url("twinboard")).status_code == 200


# --- teacher bulletin ------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.TEACHER_ADMIN, Role.TEACHER])
def test_teachers_read_and_write_the_bulletin(client, project, people, role):
    client.force_login(people[role])
    assert client.get(project.url("bulletin")).status_code == 200
    response = client.post(project.url("bulletin"), {"body": "Who brings the thermometers?"})
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.channel == Post.Channel.BULLETIN
    assert "thermometers" in client.get(project.url("bulletin")).content.decode()
    assert "thermometers" not in client.get(project.url("twinboard")).content.decode()


@pytest.mark.parametrize("role", [Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN, Role.PUPIL])
def test_others_get_403_with_a_message_on_the_bulletin(client, project, people, role):
    bulletin_message(project, people[Role.TEACHER])
    client.force_login(people[role])
    response = client.get(project.url("bulletin"))
    assert response.status_code == 403
    assert BULLETIN_MESSAGE in response.content.decode()
    response = client.post(project.url("bulletin"), {"body": "Sneaky"})
    assert response.status_code == 403
    assert Post.objects.count() == 1


def test_expert_cannot_use_the_bulletin_through_the_service(project, people):
    with pytest.raises(PermissionDenied):
        bulletin_message(project, people[Role.EXPERT])


def test_guest_gets_403_on_the_bulletin(client, project):
    juror = teacher_in("IT")
    GuestAccess.objects.create(
        space=project, user=juror, expires_at=timezone.now() + timedelta(days=2)
    )
    client.force_login(juror)
    response = client.get(project.url("bulletin"))
    assert response.status_code == 403
    assert BULLETIN_MESSAGE in response.content.decode()


def test_bulletin_message_is_edited_and_deleted_by_its_author(client, project, people):
    message = bulletin_message(project, people[Role.TEACHER])
    client.force_login(people[Role.TEACHER])
    response = client.post(project.url("post-edit", message.pk), {"body": "Tuesday instead"})
    assert response.status_code == 302 and response.url == project.url("bulletin")
    message.refresh_from_db()
    assert "Tuesday instead" in message.body
    assert client.post(project.url("post-delete", message.pk)).status_code == 302
    assert not Post.objects.exists()


def test_expert_moderator_cannot_touch_bulletin_messages(client, project, people):
    message = bulletin_message(project, people[Role.TEACHER])
    client.force_login(people[Role.EXPERT])
    response = client.post(project.url("post-edit", message.pk), {"body": "x"})
    assert response.status_code == 403
    assert BULLETIN_MESSAGE in response.content.decode()
    assert client.post(project.url("post-delete", message.pk)).status_code == 403
    assert Post.objects.exists()


def test_bulletin_stays_readable_when_archived(client, project, people):
    bulletin_message(project, people[Role.TEACHER], "Archived note")
    project.state = Space.State.ARCHIVED
    project.save()
    client.force_login(people[Role.TEACHER])
    response = client.get(project.url("bulletin"))
    assert response.status_code == 200
    assert "Archived note" in response.content.decode()
    assert 'name="body"' not in response.content.decode()


# --- journal ------------------------------------------------------------------------------------


def test_journal_is_public_for_open_spaces(client, project, people):
    services.write_journal_entry(
        actor=people[Role.TEACHER], space=project, title="Field trip", body="<p>We went.</p>"
    )
    response = client.get(project.url("journal"))
    assert response.status_code == 200
    assert "Field trip" in response.content.decode()
    assert project.url("journal-new") not in response.content.decode()


def test_journal_of_a_pending_project_is_not_public(client):
    project = make_project(state=Space.State.PENDING_APPROVAL)
    assert client.get(project.url("journal")).status_code == 302


def test_teacher_writes_a_journal_entry_and_script_is_removed(client, project, people):
    client.force_login(people[Role.TEACHER])
    assert client.get(project.url("journal-new")).status_code == 200
    response = client.post(
        project.url("journal-new"),
        {"title": "Day 1", "body": '<p onmouseover="x()">Hello<script>alert(1)</script></p>'},
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert "script" not in entry.body and "onmouseover" not in entry.body
    page = client.get(project.url("journal")).content.decode()
    assert "Hello" in page and "alert(1)" not in page


@pytest.mark.parametrize("role", [Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN, Role.PUPIL])
def test_only_teachers_write_the_journal(client, project, people, role):
    client.force_login(people[role])
    response = client.post(project.url("journal-new"), {"title": "t", "body": "b"})
    assert response.status_code == 403
    assert not JournalEntry.objects.exists()


def test_journal_entry_without_title_is_refused_and_the_text_kept(client, project, people):
    client.force_login(people[Role.TEACHER])
    response = client.post(project.url("journal-new"), {"title": "", "body": "Kept text"})
    assert response.status_code == 200
    assert "Kept text" in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_journal_author_edits_own_entry_but_not_another_teachers(client, project, people):
    mine = services.write_journal_entry(
        actor=people[Role.TEACHER], space=project, title="Mine", body="a"
    )
    theirs = services.write_journal_entry(
        actor=people[Role.TEACHER_ADMIN], space=project, title="Theirs", body="b"
    )
    client.force_login(people[Role.TEACHER])
    response = client.post(project.url("journal-edit", mine.pk), {"title": "Mine 2", "body": "c"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Mine 2" and mine.edited_at is not None
    response = client.post(project.url("journal-edit", theirs.pk), {"title": "X", "body": "y"})
    assert response.status_code == 403
    assert "Only its author or a moderator may change this entry." in response.content.decode()
    assert client.post(project.url("journal-delete", theirs.pk)).status_code == 403


def test_moderator_deletes_any_journal_entry(client, project, people):
    entry = services.write_journal_entry(
        actor=people[Role.TEACHER], space=project, title="Old", body="a"
    )
    client.force_login(people[Role.TEACHER_ADMIN])
    assert client.get(project.url("journal-delete", entry.pk)).status_code == 200
    assert client.post(project.url("journal-delete", entry.pk)).status_code == 302
    assert not JournalEntry.objects.exists()
    assert AuditEntry.objects.filter(action="twinspace.journal_deleted").exists()


def test_archived_space_refuses_new_journal_entries(project, people):
    project.state = Space.State.ARCHIVED
    project.save()
    with pytest.raises(PermissionDenied, match="archived"):
        services.write_journal_entry(actor=people[Role.TEACHER], space=project, title="t", body="b")

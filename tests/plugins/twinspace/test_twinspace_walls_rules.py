"""Pupil walls (DOMAIN.md §4): members only, the pupil posts first, others answer."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry, Notification
from plugins.twinspace.forums import services
from plugins.twinspace.models import Role, Space, WallPost
from tests.factories.twinspace import add_member, make_group, make_project, teacher_in

pytestmark = pytest.mark.django_db

ARCHIVED_MESSAGE = "This space is archived: it can be read but not changed."
FIRST_MESSAGE_RULE = "Only the pupil writes the first message on their wall; you can answer it."


@pytest.fixture
def project():
    return make_project()


@pytest.fixture
def pupil(project):
    return add_member(project, role=Role.PUPIL).user


def member(space, role):
    return add_member(space, role=role).user


def first_post(project, pupil, body="I like rivers."):
    return services.post_on_wall(actor=pupil, space=project, wall_owner=pupil, body=body)


# --- the pupil posts first -------------------------------------------------------------


def test_teacher_cannot_start_a_post_on_a_pupils_wall(client, project, pupil):
    with pytest.raises(PermissionDenied, match=re.escape(FIRST_MESSAGE_RULE)):
        services.post_on_wall(actor=project.founder, space=project, wall_owner=pupil, body="Hi")
    client.force_login(project.founder)
    page = client.get(project.url("wall", pupil.pk)).content.decode()
    assert "Write on your wall" not in page
    response = client.post(project.url("wall-post", pupil.pk), {"body": "Hi"}, follow=True)
    assert FIRST_MESSAGE_RULE in response.content.decode()
    assert not WallPost.objects.exists()


def test_teacher_can_answer_after_the_pupil_posted(client, project, pupil):
    post = first_post(project, pupil)
    client.force_login(project.founder)
    page = client.get(project.url("wall", pupil.pk)).content.decode()
    assert "I like rivers." in page
    assert project.url("wall-answer", pupil.pk, post.pk) in page
    response = client.post(project.url("wall-answer", pupil.pk, post.pk), {"body": "Me too!"})
    assert response.status_code == 302
    answer = WallPost.objects.get(parent=post)
    assert answer.author == project.founder
    assert answer.wall_owner == pupil
    assert "Me too!" in client.get(project.url("wall", pupil.pk)).content.decode()
    # The pupil is told, in words that name nobody.
    notification = Notification.objects.get(user=pupil, kind="twinspace.wall_answer")
    assert project.founder.display_name() not in notification.title


def test_pupil_starts_a_post_on_their_own_wall(client, project, pupil):
    client.force_login(pupil)
    page = client.get(project.url("wall", pupil.pk)).content.decode()
    assert "Your wall is empty" in page
    assert "Write on your wall" in page
    response = client.post(project.url("wall-post", pupil.pk), {"body": "Hello, world"})
    assert response.status_code == 302
    assert WallPost.objects.get().author == pupil


def test_a_pupil_cannot_post_on_another_pupils_wall(client, project, pupil):
    other = member(project, Role.PUPIL)
    with pytest.raises(PermissionDenied, match=re.escape(FIRST_MESSAGE_RULE)):
        services.post_on_wall(actor=other, space=project, wall_owner=pupil, body="Hi")
    client.force_login(other)
    client.post(project.url("wall-post", pupil.pk), {"body": "Hi"})
    assert not WallPost.objects.exists()


def test_a_pupil_can_answer_on_another_pupils_wall(project, pupil):
    post = first_post(project, pupil)
    other = member(project, Role.PUPIL)
    answer = services.answer_on_wall(actor=other, post=post, body="Nice")
    assert answer.parent == post


def test_answers_go_to_first_messages_only(project, pupil):
    answer = services.answer_on_wall(
        actor=project.founder, post=first_post(project, pupil), body="a"
    )
    with pytest.raises(ValidationError):
        services.answer_on_wall(actor=project.founder, post=answer, body="b")


def test_an_empty_wall_says_the_pupil_has_not_written_yet(client, project, pupil):
    client.force_login(project.founder)
    page = client.get(project.url("wall", pupil.pk)).content.decode()
    assert f"{pupil.display_name()} has not written on their wall yet." in page


def test_a_wall_message_is_plain_text_of_at_most_2000_characters(client, project, pupil):
    with pytest.raises(ValidationError, match=re.escape("at most 2000 characters")):
        first_post(project, pupil, body="x" * 2001)
    client.force_login(pupil)
    response = client.post(project.url("wall-post", pupil.pk), {"body": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    first_post(project, pupil, body="<script>alert(1)</script>")
    page = client.get(project.url("wall", pupil.pk)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_failed_answer_keeps_the_typed_text(client, project, pupil):
    post = first_post(project, pupil)
    client.force_login(project.founder)
    response = client.post(project.url("wall-answer", pupil.pk, post.pk), {"body": "y" * 2001})
    page = response.content.decode()
    assert response.status_code == 200
    assert "y" * 2001 in page
    assert "Ensure this value has at most 2000 characters" in page


# --- who sees walls ------------------------------------------------------------------


def test_walls_list_shows_pupil_members_with_their_message_counts(client, project, pupil):
    first_post(project, pupil)
    first_post(project, pupil, body="again")
    teacher = member(project, Role.TEACHER)
    client.force_login(teacher)
    page = client.get(project.url("walls")).content.decode()
    assert pupil.display_name() in page
    assert "2 messages" in page
    assert teacher.display_name() not in page.split("pupil-walls", 1)[1]


def test_a_wall_of_someone_who_is_not_a_pupil_member_is_not_found(client, project, pupil):
    client.force_login(project.founder)
    assert client.get(project.url("wall", project.cofounder.pk)).status_code == 404
    other_project = make_project(title="Elsewhere")
    outsider_pupil = member(other_project, Role.PUPIL)
    assert client.get(project.url("wall", outsider_pupil.pk)).status_code == 404


def test_visitors_and_non_members_never_see_walls(client, project, pupil):
    first_post(project, pupil)
    for url in (project.url("walls"), project.url("wall", pupil.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.url
    client.force_login(teacher_in("IT"))
    for url in (project.url("walls"), project.url("wall", pupil.pk)):
        assert client.get(url).status_code == 403


def test_walls_do_not_exist_in_groups(client):
    group = make_group()
    founder = group.memberships.get().user
    client.force_login(founder)
    assert client.get(group.url("walls")).status_code == 404
    assert client.get(group.url("wall", founder.pk)).status_code == 404
    with pytest.raises(ValidationError, match=re.escape("Groups have no pupils")):
        services.post_on_wall(actor=founder, space=group, wall_owner=founder, body="x")


# --- deletion and archived spaces ----------------------------------------------------


def test_author_or_moderator_deletes_a_wall_message_and_a_teacher_cannot(client, project, pupil):
    post = first_post(project, pupil)
    answer = services.answer_on_wall(actor=project.founder, post=post, body="Well done")
    teacher = member(project, Role.TEACHER)
    client.force_login(teacher)
    response = client.post(project.url("wall-delete", answer.pk))
    assert response.status_code == 403
    assert WallPost.objects.filter(pk=answer.pk).exists()
    client.force_login(pupil)
    client.post(project.url("wall-delete", answer.pk))  # not the pupil's answer either
    assert WallPost.objects.filter(pk=answer.pk).exists()
    client.force_login(member(project, Role.EXPERT))
    assert client.post(project.url("wall-delete", answer.pk)).status_code == 302
    assert not WallPost.objects.filter(pk=answer.pk).exists()
    services.delete_wall_post(actor=pupil, post=post)
    assert not WallPost.objects.exists()
    assert AuditEntry.objects.filter(action="twinspace.wall_post_deleted").count() == 2


def test_archived_space_refuses_wall_messages_with_the_archived_message(project, pupil):
    post = first_post(project, pupil)
    Space.objects.filter(pk=project.pk).update(state=Space.State.ARCHIVED)
    project.refresh_from_db()
    post.refresh_from_db()
    with pytest.raises(PermissionDenied, match=re.escape(ARCHIVED_MESSAGE)):
        first_post(project, pupil)
    with pytest.raises(PermissionDenied, match=re.escape(ARCHIVED_MESSAGE)):
        services.answer_on_wall(actor=project.founder, post=post, body="late")
    with pytest.raises(PermissionDenied, match=re.escape(ARCHIVED_MESSAGE)):
        services.delete_wall_post(actor=pupil, post=post)

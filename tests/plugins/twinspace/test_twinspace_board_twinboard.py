"""The Twinboard: who may post, like, comment, pin, edit and delete (DOMAIN.md §4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry, Notification
from plugins.twinspace.board import services
from plugins.twinspace.models import GuestAccess, Post, PostComment, PostLike, Role, Space
from tests.factories.twinspace import add_member, make_project, teacher_in

pytestmark = pytest.mark.django_db

ARCHIVED_MESSAGE = "This space is archived: it can be read but not changed."
ROLE_MESSAGE = "Your role in this space does not allow this."


@pytest.fixture
def project():
    return make_project()


@pytest.fixture
def people(project):
    """One person per role in ``project``."""
    people = {Role.TEACHER_ADMIN: project.founder}
    for role in (Role.TEACHER, Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN, Role.PUPIL):
        people[role] = add_member(project, role=role).user
    return people


def post_by(space: Space, author, body: str = "<p>Hello partners</p>") -> Post:
    return services.post_update(actor=author, space=space, body=body)


# --- posting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.TEACHER_ADMIN, True),
        (Role.TEACHER, True),
        (Role.PUPIL_ADMIN, True),
        (Role.EXPERT, False),
        (Role.OBSERVER, False),
        (Role.PUPIL, False),
    ],
)
def test_only_teachers_and_pupil_admins_post_updates(client, project, people, role, allowed):
    client.force_login(people[role])
    response = client.post(project.url("twinboard"), {"body": "Our first measurement"})
    if allowed:
        assert response.status_code == 302
        assert Post.objects.get(space=project).author == people[role]
        assert "Your update is on the Twinboard." in client.get(response.url).content.decode()
    else:
        assert response.status_code == 403
        assert ROLE_MESSAGE in response.content.decode()
        assert not Post.objects.exists()


def test_post_form_is_shown_only_to_those_who_may_post(client, project, people):
    client.force_login(people[Role.PUPIL_ADMIN])
    assert 'name="body"' in client.get(project.url("twinboard")).content.decode()
    client.force_login(people[Role.OBSERVER])
    page = client.get(project.url("twinboard")).content.decode()
    assert "Post an update" not in page


def test_observer_cannot_post_through_the_service(project, people):
    with pytest.raises(PermissionDenied, match=ROLE_MESSAGE):
        post_by(project, people[Role.OBSERVER])


def test_archived_space_refuses_posting_with_the_archived_message(client, project, people):
    project.state = Space.State.ARCHIVED
    project.save()
    client.force_login(people[Role.TEACHER_ADMIN])
    response = client.post(project.url("twinboard"), {"body": "Too late"})
    assert response.status_code == 403
    assert ARCHIVED_MESSAGE in response.content.decode()
    assert not Post.objects.exists()
    with pytest.raises(PermissionDenied, match=ARCHIVED_MESSAGE):
        post_by(project, people[Role.TEACHER])


def test_archived_space_twinboard_stays_readable(client, project, people):
    post_by(project, people[Role.TEACHER], "Still here")
    project.state = Space.State.ARCHIVED
    project.save()
    client.force_login(people[Role.PUPIL])
    response = client.get(project.url("twinboard"))
    assert response.status_code == 200
    assert "Still here" in response.content.decode()


def test_guest_reads_the_twinboard_but_cannot_post(client, project):
    from django.utils import timezone

    juror = teacher_in("IT")
    GuestAccess.objects.create(
        space=project, user=juror, expires_at=timezone.now() + timezone.timedelta(days=3)
    )
    client.force_login(juror)
    assert client.get(project.url("twinboard")).status_code == 200
    response = client.post(project.url("twinboard"), {"body": "Hi"})
    assert response.status_code == 403
    assert "Guests can read this space but not change it." in response.content.decode()


def test_empty_update_is_refused_and_the_form_kept(client, project, people):
    client.force_login(people[Role.TEACHER])
    response = client.post(project.url("twinboard"), {"body": "<script>x()</script>"})
    assert response.status_code == 200
    assert "Please write a message." in response.content.decode()
    assert not Post.objects.exists()


# --- sanitising --------------------------------------------------------------------------


def test_script_and_event_attributes_never_reach_the_page(client, project, people):
    client.force_login(people[Role.TEACHER])
    client.post(
        project.url("twinboard"),
        {"body": '<p onclick="steal()">Rivers<script>alert(1)</script></p>'},
    )
    post = Post.objects.get()
    assert "script" not in post.body and "onclick" not in post.body
    client.post(
        project.url("post-comment", post.pk),
        {"body": '<a href="javascript:alert(2)" onclick="x()">see</a><script>bad()</script>'},
    )
    page = client.get(project.url("twinboard")).content.decode()
    detail = client.get(project.url("post", post.pk)).content.decode()
    for html in (page, detail):
        assert "Rivers" in html and "see" in html
        assert "<script>alert" not in html and "bad()" not in html
        assert "onclick" not in html and "javascript:" not in html


# --- likes ---------------------------------------------------------------------------------


def test_pupil_can_like_and_unlike_through_the_view(client, project, people):
    post = post_by(project, people[Role.TEACHER])
    client.force_login(people[Role.PUPIL])
    response = client.post(project.url("post-like", post.pk))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.like_count == 1
    assert 'aria-pressed="true"' in client.get(project.url("twinboard")).content.decode()
    client.post(project.url("post-like", post.pk))
    post.refresh_from_db()
    assert post.like_count == 0
    assert not PostLike.objects.exists()


def test_liking_twice_counts_once(project, people):
    post = post_by(project, people[Role.TEACHER])
    assert services.like_post(actor=people[Role.OBSERVER], post=post) is True
    assert services.like_post(actor=people[Role.OBSERVER], post=post) is False
    assert services.unlike_post(actor=people[Role.PUPIL], post=post) is False
    post.refresh_from_db()
    assert post.like_count == 1
    assert PostLike.objects.count() == 1


def test_like_needs_post(client, project, people):
    post = post_by(project, people[Role.TEACHER])
    client.force_login(people[Role.PUPIL])
    assert client.get(project.url("post-like", post.pk)).status_code == 405


def test_visitor_cannot_like_even_a_public_twinboard(client, people):
    project = make_project(twinboard_public=True)
    post = post_by(project, project.founder)
    response = client.post(project.url("post-like", post.pk))
    assert response.status_code == 302 and "login" in response.url
    assert not PostLike.objects.exists()


def test_non_member_teacher_cannot_like(client, project, people):
    post = post_by(project, people[Role.TEACHER])
    client.force_login(teacher_in("DE"))
    assert client.post(project.url("post-like", post.pk)).status_code == 403


# --- comments ---------------------------------------------------------------------------


def test_pupil_comments_and_the_author_is_notified(client, project, people):
    post = post_by(project, people[Role.TEACHER])
    client.force_login(people[Role.PUPIL])
    response = client.post(project.url("post-comment", post.pk), {"body": "Nice river!"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.comment_count == 1
    note = Notification.objects.get(user=people[Role.TEACHER])
    assert note.kind == "twinspace.comment"
    assert project.title in note.title
    assert people[Role.PUPIL].last_name not in note.title
    assert note.url == project.url("post", post.pk)


def test_commenting_on_my_own_update_notifies_nobody(project, people):
    post = post_by(project, people[Role.TEACHER])
    services.comment_on_post(actor=people[Role.TEACHER], post=post, body="Addendum")
    assert not Notification.objects.filter(kind="twinspace.comment").exists()


def test_empty_comment_shows_the_error_and_keeps_nothing(client, project, people):
    post = post_by(project, people[Role.TEACHER])
    client.force_login(people[Role.PUPIL])
    response = client.post(project.url("post-comment", post.pk), {"body": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not PostComment.objects.exists()


def test_twinboard_folds_each_comment_box_behind_add_a_comment(client, project, people):
    post_by(project, people[Role.TEACHER])
    post_by(project, people[Role.TEACHER], "<p>Second</p>")
    client.force_login(people[Role.PUPIL])
    page = client.get(project.url("twinboard")).content.decode()
    assert page.count('<details class="add-comment">') == 2
    assert page.count("<summary>Add a comment</summary>") == 2
    assert page.count('class="comment-form"') == 2
    assert '<details class="add-comment" open' not in page


def test_too_long_comment_is_refused_with_the_text_kept(client, project, people):
    post = post_by(project, people[Role.TEACHER])
    client.force_login(people[Role.PUPIL])
    text = "long words " * 300
    response = client.post(project.url("post-comment", post.pk), {"body": text})
    assert response.status_code == 200
    assert "long words long words" in response.content.decode()
    assert not PostComment.objects.exists()


def test_twinboard_shows_the_latest_three_comments_and_a_link_to_all(client, project, people):
    post = post_by(project, people[Role.TEACHER])
    for number in range(1, 6):
        services.comment_on_post(actor=people[Role.PUPIL], post=post, body=f"comment-{number}")
    client.force_login(people[Role.OBSERVER])
    page = client.get(project.url("twinboard")).content.decode()
    assert "comment-1<" not in page and "comment-2<" not in page
    for number in (3, 4, 5):
        assert f"comment-{number}" in page
    assert "Show all 5 comments" in page
    assert project.url("post", post.pk) in page
    detail = client.get(project.url("post", post.pk)).content.decode()
    for number in range(1, 6):
        assert f"comment-{number}" in detail


def test_comment_author_or_moderator_deletes_a_comment(client, project, people):
    post = post_by(project, people[Role.TEACHER])
    comment = services.comment_on_post(actor=people[Role.PUPIL], post=post, body="Mine")
    other = services.comment_on_post(actor=people[Role.PUPIL], post=post, body="Second")
    client.force_login(people[Role.OBSERVER])
    assert client.post(project.url("comment-delete", comment.pk)).status_code == 403
    client.force_login(people[Role.PUPIL])
    assert client.post(project.url("comment-delete", comment.pk)).status_code == 302
    client.force_login(people[Role.EXPERT])
    assert client.post(project.url("comment-delete", other.pk)).status_code == 302
    post.refresh_from_db()
    assert post.comment_count == 0
    assert AuditEntry.objects.filter(action="twinspace.comment_deleted").count() == 1


def test_former_member_is_shown_for_an_erased_author(client, project, people):
    post = post_by(project, people[Role.TEACHER], "Orphan update")
    Post.objects.filter(pk=post.pk).update(author=None)
    client.force_login(people[Role.PUPIL])
    assert "Former member" in client.get(project.url("twinboard")).content.decode()


# --- pinning ----------------------------------------------------------------------------------


def test_teacher_admin_pins_and_the_pinned_update_comes_first(client, project, people):
    old = post_by(project, people[Role.TEACHER], "Older river note")
    post_by(project, people[Role.TEACHER], "Newer river note")
    client.force_login(people[Role.TEACHER_ADMIN])
    assert client.post(project.url("post-pin", old.pk)).status_code == 302
    old.refresh_from_db()
    assert old.pinned_at is not None
    page = client.get(project.url("twinboard")).content.decode()
    assert page.index("Older river note") < page.index("Newer river note")
    client.post(project.url("post-pin", old.pk))
    old.refresh_from_db()
    assert old.pinned_at is None


@pytest.mark.parametrize("role", [Role.TEACHER, Role.EXPERT, Role.PUPIL_ADMIN, Role.PUPIL])
def test_only_teacher_admins_pin(client, project, people, role):
    post = post_by(project, people[Role.TEACHER])
    client.force_login(people[role])
    assert client.post(project.url("post-pin", post.pk)).status_code == 403
    post.refresh_from_db()
    assert post.pinned_at is None


# --- editing and deleting --------------------------------------------------------------------


def test_author_edits_own_update(client, project, people):
    post = post_by(project, people[Role.PUPIL_ADMIN], "First draft")
    client.force_login(people[Role.PUPIL_ADMIN])
    assert client.get(project.url("post-edit", post.pk)).status_code == 200
    response = client.post(project.url("post-edit", post.pk), {"body": "Second draft"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert "Second draft" in post.body and post.edited_at is not None


def test_other_teacher_cannot_edit_or_delete_an_update(client, project, people):
    post = post_by(project, people[Role.PUPIL_ADMIN])
    client.force_login(people[Role.TEACHER])
    response = client.post(project.url("post-edit", post.pk), {"body": "Hijack"})
    assert response.status_code == 403
    assert "Only its author or a moderator may change this message." in response.content.decode()
    assert client.post(project.url("post-delete", post.pk)).status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()


def test_author_who_lost_the_right_to_post_cannot_edit(project, people):
    post = post_by(project, people[Role.PUPIL_ADMIN])
    project.memberships.filter(user=people[Role.PUPIL_ADMIN]).update(role=Role.PUPIL)
    with pytest.raises(PermissionDenied):
        services.edit_post(actor=people[Role.PUPIL_ADMIN], post=post, body="x")


def test_moderator_deletes_someone_elses_update(client, project, people):
    post = post_by(project, people[Role.TEACHER])
    services.like_post(actor=people[Role.PUPIL], post=post)
    client.force_login(people[Role.EXPERT])
    assert client.get(project.url("post-delete", post.pk)).status_code == 200
    response = client.post(project.url("post-delete", post.pk))
    assert response.status_code == 302
    assert not Post.objects.exists() and not PostLike.objects.exists()
    assert AuditEntry.objects.filter(action="twinspace.post_deleted").exists()


def test_update_of_another_space_is_not_found(client, project, people):
    other = make_project(title="Another")
    post = post_by(other, other.founder)
    client.force_login(people[Role.TEACHER_ADMIN])
    assert client.get(project.url("post", post.pk)).status_code == 404
    assert client.post(project.url("post-like", post.pk)).status_code == 404


def test_bulletin_messages_cannot_be_liked_or_commented(project, people):
    message = services.post_update(
        actor=people[Role.TEACHER], space=project, body="Meeting", channel=Post.Channel.BULLETIN
    )
    with pytest.raises(ValidationError):
        services.like_post(actor=people[Role.TEACHER_ADMIN], post=message)
    with pytest.raises(ValidationError):
        services.comment_on_post(actor=people[Role.TEACHER_ADMIN], post=message, body="x")


# --- visitors -----------------------------------------------------------------------------


def test_visitor_is_sent_to_login_for_a_members_only_twinboard(client, project, people):
    post_by(project, people[Role.TEACHER], "Secret plan")
    response = client.get(project.url("twinboard"))
    assert response.status_code == 302 and "login" in response.url
    assert client.get(project.url("post", Post.objects.get().pk)).status_code == 302


def test_logged_in_outsider_gets_403_on_a_members_only_twinboard(client, project):
    client.force_login(teacher_in("DE"))
    response = client.get(project.url("twinboard"))
    assert response.status_code == 403
    assert "This part of the space is for its members." in response.content.decode()


def test_visitor_reads_a_public_twinboard_without_forms_or_pupil_names(client):
    project = make_project(twinboard_public=True)
    pupil = add_member(project, role=Role.PUPIL_ADMIN).user
    pupil.first_name, pupil.last_name = "Zoe", "Hiddenname"
    pupil.save()
    post = post_by(project, pupil, "Visible update")
    services.comment_on_post(actor=project.founder, post=post, body="Visible comment")
    page = client.get(project.url("twinboard")).content.decode()
    assert "Visible update" in page and "Visible comment" in page
    assert "Hiddenname" not in page
    assert "A pupil of the project" in page
    assert 'name="body"' not in page and "/like/" not in page
    assert client.post(project.url("twinboard"), {"body": "x"}).status_code == 302
    assert Post.objects.count() == 1

"""Forums of a space (DOMAIN.md §4): discussion → thread → replies, who may do what,
the counters on the rows, notifications and sanitised rich text."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEntry, Notification
from plugins.twinspace.forums import services
from plugins.twinspace.forums.views import REPLIES_PER_PAGE
from plugins.twinspace.models import Discussion, GuestAccess, Reply, Role, Space, Thread
from tests.factories.twinspace import add_member, make_group, make_project, teacher_in

pytestmark = pytest.mark.django_db

ARCHIVED_MESSAGE = "This space is archived: it can be read but not changed."


@pytest.fixture
def project():
    return make_project()


def member(space, role):
    return add_member(space, role=role).user


def discussion_in(space, title="Water samples"):
    return services.create_discussion(actor=space.founder, space=space, title=title)


def thread_in(discussion, author=None, title="How do we measure pH?", body="<p>Ideas?</p>"):
    author = author or discussion.created_by
    return services.start_thread(actor=author, discussion=discussion, title=title, body=body)


# --- who may do what -------------------------------------------------------------------


def test_teacher_cannot_create_a_discussion(project):
    teacher = member(project, Role.TEACHER)
    with pytest.raises(
        PermissionDenied, match=re.escape("Your role in this space does not allow this.")
    ):
        services.create_discussion(actor=teacher, space=project, title="Ours")
    assert not Discussion.objects.exists()


def test_expert_can_create_a_discussion(project):
    expert = member(project, Role.EXPERT)
    discussion = services.create_discussion(
        actor=expert, space=project, title="Rivers", description="About rivers"
    )
    assert discussion.created_by == expert
    assert AuditEntry.objects.filter(action="twinspace.discussion_created").exists()


def test_teacher_is_refused_the_new_discussion_page_and_expert_gets_it(client, project):
    teacher = member(project, Role.TEACHER)
    client.force_login(teacher)
    response = client.get(project.url("discussion-new"))
    assert response.status_code == 403
    assert "Your role in this space does not allow this." in response.content.decode()
    client.force_login(member(project, Role.EXPERT))
    response = client.post(project.url("discussion-new"), {"title": "Rivers", "description": ""})
    discussion = Discussion.objects.get()
    assert response.status_code == 302
    assert response.url == project.url("discussion", discussion.pk)


def test_forums_list_shows_the_new_discussion_link_only_to_those_who_may_create(client, project):
    discussion_in(project)
    client.force_login(member(project, Role.TEACHER))
    page = client.get(project.url("forums")).content.decode()
    assert "Water samples" in page
    assert project.url("discussion-new") not in page
    client.force_login(project.founder)
    assert project.url("discussion-new") in client.get(project.url("forums")).content.decode()


def test_observer_cannot_create_threads(client, project):
    discussion = discussion_in(project)
    observer = member(project, Role.OBSERVER)
    with pytest.raises(PermissionDenied):
        thread_in(discussion, author=observer)
    client.force_login(observer)
    page = client.get(project.url("discussion", discussion.pk)).content.decode()
    assert "Start a thread" not in page
    response = client.post(
        project.url("thread-new", discussion.pk), {"title": "Mine", "body": "Hello"}
    )
    assert response.status_code == 403
    assert not Thread.objects.exists()


def test_observer_can_reply(client, project):
    thread = thread_in(discussion_in(project))
    observer = member(project, Role.OBSERVER)
    client.force_login(observer)
    page = client.get(project.url("thread", thread.pk)).content.decode()
    assert "Send the reply" in page
    response = client.post(project.url("thread-reply", thread.pk), {"body": "Litmus paper."})
    assert response.status_code == 302
    assert Reply.objects.get().author == observer


def test_pupil_cannot_start_a_thread(client, project):
    discussion = discussion_in(project)
    pupil = member(project, Role.PUPIL)
    with pytest.raises(PermissionDenied):
        thread_in(discussion, author=pupil)
    client.force_login(pupil)
    assert (
        "Start a thread"
        not in client.get(project.url("discussion", discussion.pk)).content.decode()
    )
    assert client.get(project.url("thread-new", discussion.pk)).status_code == 403


def test_pupil_admin_can_start_a_thread(client, project):
    discussion = discussion_in(project)
    pupil_admin = member(project, Role.PUPIL_ADMIN)
    client.force_login(pupil_admin)
    assert "Start a thread" in client.get(project.url("discussion", discussion.pk)).content.decode()
    response = client.post(
        project.url("thread-new", discussion.pk), {"title": "Our results", "body": "Look!"}
    )
    thread = Thread.objects.get()
    assert response.url == project.url("thread", thread.pk)
    assert thread.author == pupil_admin


def test_pupil_replies_in_a_thread(client, project):
    thread = thread_in(discussion_in(project))
    pupil = member(project, Role.PUPIL)
    client.force_login(pupil)
    client.post(project.url("thread-reply", thread.pk), {"body": "We used a strip."})
    page = client.get(project.url("thread", thread.pk)).content.decode()
    assert "We used a strip." in page
    assert pupil.display_name() in page


def test_visitor_is_sent_to_log_in_and_a_non_member_is_refused(client, project):
    thread = thread_in(discussion_in(project))
    for url in (project.url("forums"), project.url("thread", thread.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.url
    client.force_login(teacher_in("IT"))
    response = client.get(project.url("thread", thread.pk))
    assert response.status_code == 403
    assert "Your role in this space does not allow this." in response.content.decode()
    response = client.post(project.url("thread-reply", thread.pk), {"body": "Hi"})
    assert response.status_code == 403
    assert not Reply.objects.exists()


def test_a_thread_of_another_space_is_not_found(client, project):
    thread = thread_in(discussion_in(project))
    other = make_project(title="Other")
    client.force_login(other.founder)
    assert client.get(other.url("thread", thread.pk)).status_code == 404


# --- moderation -----------------------------------------------------------------------


def test_moderator_deletes_someone_elses_reply(client, project):
    thread = thread_in(discussion_in(project))
    reply = services.reply_to_thread(actor=member(project, Role.PUPIL), thread=thread, body="x")
    expert = member(project, Role.EXPERT)
    client.force_login(expert)
    response = client.post(project.url("reply-delete", reply.pk))
    assert response.status_code == 302
    assert not Reply.objects.exists()
    thread.refresh_from_db()
    assert thread.reply_count == 0
    assert AuditEntry.objects.filter(action="twinspace.reply_deleted", actor=expert).exists()


def test_teacher_cannot_delete_someone_elses_reply(client, project):
    thread = thread_in(discussion_in(project))
    reply = services.reply_to_thread(actor=member(project, Role.PUPIL), thread=thread, body="x")
    teacher = member(project, Role.TEACHER)
    with pytest.raises(PermissionDenied, match=re.escape("Only its author or a moderator")):
        services.delete_reply(actor=teacher, reply=reply)
    client.force_login(teacher)
    page = client.get(project.url("thread", thread.pk)).content.decode()
    assert project.url("reply-delete", reply.pk) not in page
    response = client.post(project.url("reply-delete", reply.pk))
    assert response.status_code == 403
    assert "Only its author or a moderator" in response.content.decode()
    assert Reply.objects.filter(pk=reply.pk).exists()


def test_author_edits_and_deletes_their_own_reply(client, project):
    thread = thread_in(discussion_in(project))
    pupil = member(project, Role.PUPIL)
    reply = services.reply_to_thread(actor=pupil, thread=thread, body="first")
    client.force_login(pupil)
    assert client.get(project.url("reply-edit", reply.pk)).status_code == 200
    response = client.post(project.url("reply-edit", reply.pk), {"body": "second"})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert "second" in reply.body
    assert reply.edited_at is not None
    client.post(project.url("reply-delete", reply.pk))
    assert not Reply.objects.exists()


def test_teacher_cannot_edit_someone_elses_reply(client, project):
    thread = thread_in(discussion_in(project))
    reply = services.reply_to_thread(actor=project.founder, thread=thread, body="mine")
    teacher = member(project, Role.TEACHER)
    with pytest.raises(PermissionDenied):
        services.edit_reply(actor=teacher, reply=reply, body="changed")
    client.force_login(teacher)
    assert client.get(project.url("reply-edit", reply.pk)).status_code == 403


def test_thread_author_or_moderator_deletes_a_thread_and_others_cannot(client, project):
    discussion = discussion_in(project)
    teacher = member(project, Role.TEACHER)
    thread = thread_in(discussion, author=teacher)
    other_teacher = member(project, Role.TEACHER)
    client.force_login(other_teacher)
    assert client.post(project.url("thread-delete", thread.pk)).status_code == 403
    client.force_login(teacher)
    response = client.post(project.url("thread-delete", thread.pk))
    assert response.url == project.url("discussion", discussion.pk)
    assert not Thread.objects.exists()
    discussion.refresh_from_db()
    assert discussion.thread_count == 0
    second = thread_in(discussion, author=teacher)
    services.delete_thread(actor=member(project, Role.EXPERT), thread=second)
    assert not Thread.objects.exists()


def test_only_moderators_delete_a_discussion(client, project):
    discussion = discussion_in(project)
    thread_in(discussion)
    client.force_login(member(project, Role.TEACHER))
    assert client.post(project.url("discussion-delete", discussion.pk)).status_code == 403
    client.force_login(member(project, Role.EXPERT))
    response = client.post(project.url("discussion-delete", discussion.pk))
    assert response.url == project.url("forums")
    assert not Discussion.objects.exists()
    assert not Thread.objects.exists()


def test_deletion_needs_a_post(client, project):
    thread = thread_in(discussion_in(project))
    client.force_login(project.founder)
    assert client.get(project.url("thread-delete", thread.pk)).status_code == 405


# --- counters ----------------------------------------------------------------------------


def test_counters_follow_threads_and_replies(project):
    discussion = discussion_in(project)
    thread = thread_in(discussion)
    discussion.refresh_from_db()
    assert discussion.thread_count == 1
    before = thread.last_activity_at
    first = services.reply_to_thread(actor=project.cofounder, thread=thread, body="one")
    services.reply_to_thread(actor=project.founder, thread=thread, body="two")
    assert thread.reply_count == 2
    assert Thread.objects.get().reply_count == 2
    assert Thread.objects.get().last_activity_at >= before
    services.delete_reply(actor=project.cofounder, reply=first)
    assert Thread.objects.get().reply_count == 1


def test_discussion_lists_threads_latest_activity_first_with_counts(client, project):
    discussion = discussion_in(project)
    old = thread_in(discussion, title="Older thread")
    thread_in(discussion, title="Newer thread")
    services.reply_to_thread(actor=project.cofounder, thread=old, body="bump")
    client.force_login(project.founder)
    page = client.get(project.url("discussion", discussion.pk)).content.decode()
    assert page.index("Older thread") < page.index("Newer thread")
    forums = client.get(project.url("forums")).content.decode()
    assert "2 threads" in forums


# --- archived spaces and bad input ---------------------------------------------------


def test_archived_space_refuses_replies_with_the_archived_message(client, project):
    thread = thread_in(discussion_in(project))
    Space.objects.filter(pk=project.pk).update(state=Space.State.ARCHIVED)
    project.refresh_from_db()
    thread.refresh_from_db()
    with pytest.raises(PermissionDenied, match=re.escape(ARCHIVED_MESSAGE)):
        services.reply_to_thread(actor=project.founder, thread=thread, body="late")
    client.force_login(project.founder)
    response = client.post(project.url("thread-reply", thread.pk), {"body": "late"})
    assert response.status_code == 200
    assert ARCHIVED_MESSAGE in response.content.decode()
    assert not Reply.objects.exists()
    page = client.get(project.url("thread", thread.pk)).content.decode()
    assert "Send the reply" not in page


def test_archived_space_refuses_new_discussions_and_threads(project):
    discussion = discussion_in(project)
    Space.objects.filter(pk=project.pk).update(state=Space.State.ARCHIVED)
    project.refresh_from_db()
    discussion.refresh_from_db()
    with pytest.raises(PermissionDenied, match=re.escape(ARCHIVED_MESSAGE)):
        services.create_discussion(actor=project.founder, space=project, title="x")
    with pytest.raises(PermissionDenied, match=re.escape(ARCHIVED_MESSAGE)):
        thread_in(discussion)


def test_an_empty_reply_is_refused_and_the_typed_text_is_kept(client, project):
    thread = thread_in(discussion_in(project))
    client.force_login(project.founder)
    response = client.post(project.url("thread-reply", thread.pk), {"body": "<script>x</script>"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please write a message." in page
    # The typed text comes back escaped in the box, never as a live script.
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x</script>" not in page
    assert not Reply.objects.exists()
    with pytest.raises(ValidationError, match=re.escape("Please write a message.")):
        services.reply_to_thread(actor=project.founder, thread=thread, body="   ")


# --- rich text, names, notifications --------------------------------------------------


def test_rich_text_is_sanitised_and_scripts_never_rendered(client, project):
    discussion = discussion_in(project)
    thread = thread_in(
        discussion, body='<p onclick="steal()">Hi <b>all</b></p><script>alert(1)</script>'
    )
    assert "<script" not in thread.body
    assert "onclick" not in thread.body
    services.reply_to_thread(
        actor=project.cofounder, thread=thread, body="<em>yes</em><script>evil()</script>"
    )
    client.force_login(project.founder)
    page = client.get(project.url("thread", thread.pk)).content.decode()
    assert "<b>all</b>" in page
    assert "<em>yes</em>" in page
    assert "alert(1)" not in page
    assert "evil()" not in page
    assert "onclick" not in page


def test_author_of_a_deleted_account_shows_as_former_member(client, project):
    thread = thread_in(discussion_in(project))
    Thread.objects.filter(pk=thread.pk).update(author=None)
    client.force_login(project.founder)
    assert "Former member" in client.get(project.url("thread", thread.pk)).content.decode()


def test_reply_notifies_thread_author_and_earlier_repliers_but_not_the_replier(project):
    thread = thread_in(discussion_in(project))
    pupil = member(project, Role.PUPIL)
    services.reply_to_thread(actor=pupil, thread=thread, body="first")
    assert Notification.objects.filter(user=project.founder, kind="twinspace.reply").count() == 1
    assert not Notification.objects.filter(user=pupil).exists()
    services.reply_to_thread(actor=project.cofounder, thread=thread, body="second")
    assert Notification.objects.filter(user=pupil, kind="twinspace.reply").count() == 1
    assert Notification.objects.filter(user=project.founder).count() == 2
    assert not Notification.objects.filter(user=project.cofounder).exists()
    notification = Notification.objects.filter(user=pupil).get()
    assert thread.title in notification.title
    assert project.title in notification.title
    assert pupil.display_name() not in notification.title
    assert project.cofounder.display_name() not in notification.title
    assert notification.url == project.url("thread", thread.pk)


def test_forums_work_in_groups_too(client):
    group = make_group()
    founder = group.memberships.get().user
    discussion = services.create_discussion(actor=founder, space=group, title="Robots")
    client.force_login(founder)
    assert "Robots" in client.get(group.url("forums")).content.decode()
    assert client.get(group.url("discussion", discussion.pk)).status_code == 200


def test_a_guest_reads_threads_but_cannot_reply(client, project):
    thread = thread_in(discussion_in(project))
    juror = teacher_in("IT")
    GuestAccess.objects.create(
        space=project, user=juror, expires_at=timezone.now() + timedelta(days=3)
    )
    client.force_login(juror)
    page = client.get(project.url("thread", thread.pk)).content.decode()
    assert "How do we measure pH?" in page
    assert "Send the reply" not in page
    response = client.post(project.url("thread-reply", thread.pk), {"body": "Me?"})
    assert "Guests can read this space but not change it." in response.content.decode()
    assert not Reply.objects.exists()


def test_replies_read_oldest_first_and_a_new_reply_lands_on_the_last_page(client, project):
    thread = thread_in(discussion_in(project))
    for n in range(REPLIES_PER_PAGE):
        services.reply_to_thread(actor=project.cofounder, thread=thread, body=f"Answer {n:02d}")
    client.force_login(project.founder)
    page = client.get(project.url("thread", thread.pk)).content.decode()
    assert page.index("Answer 00") < page.index("Answer 19")
    response = client.post(project.url("thread-reply", thread.pk), {"body": "The last word"})
    reply = Reply.objects.get(body__contains="The last word")
    assert response.url == f"{project.url('thread', thread.pk)}?page=2#reply-{reply.pk}"
    assert "The last word" in client.get(response.url).content.decode()

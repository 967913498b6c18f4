"""The twinspace plugin's privacy provider: export everything, erase pupils with their data.

Rows are written directly (the state a person's data is in); the provider runs
through core's export and erasure, as it does for real.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from core import services as core_services
from core.models import User
from core.storage import private_storage
from plugins.twinspace import privacy
from plugins.twinspace.models import (
    Discussion,
    Folder,
    GuestAccess,
    Invitation,
    JournalEntry,
    Material,
    Membership,
    Page,
    Post,
    PostComment,
    PostLike,
    PupilProfile,
    Reply,
    Role,
    Thread,
    WallPost,
)
from tests.factories import UserFactory
from tests.factories.twinspace import add_member, make_group, make_project, make_pupil

pytestmark = pytest.mark.django_db


def post(space, author, body="An update", **kwargs) -> Post:
    return Post.objects.create(space=space, channel="twinboard", author=author, body=body, **kwargs)


def comment(on: Post, author, body="Nice!") -> PostComment:
    Post.objects.filter(pk=on.pk).update(comment_count=on.comments.count() + 1)
    return PostComment.objects.create(post=on, author=author, body=body)


def like(on: Post, user) -> PostLike:
    Post.objects.filter(pk=on.pk).update(like_count=on.likes.count() + 1)
    return PostLike.objects.create(post=on, user=user)


def reply(thread: Thread, author, body="I agree.") -> Reply:
    Thread.objects.filter(pk=thread.pk).update(reply_count=thread.replies.count() + 1)
    return Reply.objects.create(thread=thread, author=author, body=body)


def thread(discussion: Discussion, author, title="Our first question") -> Thread:
    Discussion.objects.filter(pk=discussion.pk).update(thread_count=discussion.threads.count() + 1)
    return Thread.objects.create(discussion=discussion, author=author, title=title, body="Why?")


def material(space, uploader, title="Photo of the river") -> Material:
    item = Material(
        space=space,
        kind="image",
        title=title,
        original_name="river.jpg",
        content_type="image/jpeg",
        size=4,
        uploaded_by=uploader,
    )
    item.file.save("river.jpg", ContentFile(b"jpeg"), save=False)
    item.save()
    return item


@pytest.fixture
def project():
    return make_project(title="Rivers of Europe")


@pytest.fixture
def teacher(project) -> User:
    return project.founder


@pytest.fixture
def pupil(teacher, project) -> User:
    pupil = make_pupil(teacher, first_name="Pablo", last_name="Pupil", username="pablo.p")
    add_member(project, user=pupil, role=Role.PUPIL_ADMIN)
    return pupil


# --- export ----------------------------------------------------------------------------------


def test_export_holds_memberships_invitations_guest_accesses_and_all_writing(teacher, project):
    group = make_group(creator=teacher, title="Robots club")
    other = make_project(title="Invited project")
    Invitation.objects.create(space=other, user=teacher, invited_by=other.founder)
    guest_of = make_project(title="Juried project")
    GuestAccess.objects.create(
        space=guest_of, user=teacher, expires_at=timezone.now() + timedelta(days=5)
    )
    update = post(project, teacher, body="<p>Our first update</p>")
    comment(update, teacher, body="My own comment")
    like(update, teacher)
    JournalEntry.objects.create(space=project, author=teacher, title="Week 1", body="Started")
    Page.objects.create(space=project, author=teacher, title="Our towns", body="Sevilla")
    Folder.objects.create(space=project, created_by=teacher, name="Photos")
    material(project, teacher, title="Map of the river")
    discussion = Discussion.objects.create(space=project, created_by=teacher, title="Science")
    opened = thread(discussion, teacher, title="Water quality")
    reply(opened, teacher, body="Measure on Mondays.")
    pupil = make_pupil(teacher, first_name="Lola", last_name="Lopez", username="lola.l")
    WallPost.objects.create(space=project, wall_owner=pupil, author=teacher, body="Well done")

    data = core_services.export_user_data(actor=teacher, user=teacher)["twinspace"]

    assert {(m["space"], m["kind"], m["role"]) for m in data["memberships"]} == {
        ("Rivers of Europe", "project", "teacher_admin"),
        ("Robots club", "group", "teacher_admin"),
    }
    assert all(m["joined"] for m in data["memberships"])
    assert group.title in [m["space"] for m in data["memberships"]]
    assert [(i["space"], i["status"]) for i in data["invitations"]] == [
        ("Invited project", "pending")
    ]
    assert [g["space"] for g in data["guest_accesses"]] == ["Juried project"]
    assert [p["body"] for p in data["posts"]] == ["<p>Our first update</p>"]
    assert [c["body"] for c in data["comments"]] == ["My own comment"]
    assert [like["space"] for like in data["likes"]] == ["Rivers of Europe"]
    assert [e["title"] for e in data["journal_entries"]] == ["Week 1"]
    assert [p["title"] for p in data["pages"]] == ["Our towns"]
    assert [f["name"] for f in data["folders"]] == ["Photos"]
    assert [(m["title"], m["original_name"]) for m in data["materials"]] == [
        ("Map of the river", "river.jpg")
    ]
    assert [d["title"] for d in data["discussions"]] == ["Science"]
    assert [t["title"] for t in data["threads"]] == ["Water quality"]
    assert [r["body"] for r in data["replies"]] == ["Measure on Mondays."]
    assert [(w["body"], w["on_own_wall"]) for w in data["wall_posts"]] == [("Well done", False)]
    assert data["pupils_created"] == [
        {
            "first_name": "Lola",
            "last_name": "Lopez",
            "username": "lola.l",
            "created": data["pupils_created"][0]["created"],
        }
    ]


def test_export_of_a_pupil_holds_their_own_wall(pupil, project):
    WallPost.objects.create(space=project, wall_owner=pupil, author=pupil, body="Hello wall")
    data = privacy.export_twinspace_data(pupil)
    assert [(m["space"], m["role"]) for m in data["memberships"]] == [
        ("Rivers of Europe", "pupil_admin")
    ]
    assert [(w["body"], w["on_own_wall"]) for w in data["wall_posts"]] == [("Hello wall", True)]


def test_export_and_erasure_work_for_someone_without_twinspace_data():
    nobody = UserFactory()
    data = privacy.export_twinspace_data(nobody)
    assert all(value == [] for value in data.values())
    privacy.erase_twinspace_data(nobody)
    privacy.erase_twinspace_data(nobody)


# --- erasing a pupil ----------------------------------------------------------------------------


@pytest.fixture
def pupil_world(teacher, project, pupil):
    """A project where the pupil wrote a bit of everything among other people's work."""
    classmate = make_pupil(teacher, first_name="Carla")
    add_member(project, user=classmate, role=Role.PUPIL)
    world = {}
    world["teacher_post"] = post(project, teacher, body="Teacher's update")
    comment(world["teacher_post"], pupil, body="Pupil's comment")
    comment(world["teacher_post"], classmate, body="Classmate's comment")
    like(world["teacher_post"], pupil)
    like(world["teacher_post"], classmate)
    world["pupil_post"] = post(project, pupil, body="Pupil's update")
    comment(world["pupil_post"], teacher, body="Teacher's comment on it")
    discussion = Discussion.objects.create(space=project, created_by=teacher, title="Forum")
    world["discussion"] = discussion
    world["teacher_thread"] = thread(discussion, teacher, title="Teacher's thread")
    reply(world["teacher_thread"], pupil, body="Pupil's reply")
    world["teacher_reply"] = reply(world["teacher_thread"], teacher, body="Teacher's reply")
    world["pupil_thread"] = thread(discussion, pupil, title="Pupil's thread")
    own_wall = WallPost.objects.create(
        space=project, wall_owner=pupil, author=pupil, body="On my own wall"
    )
    WallPost.objects.create(
        space=project, wall_owner=pupil, author=teacher, parent=own_wall, body="Answer"
    )
    classmate_wall = WallPost.objects.create(
        space=project, wall_owner=classmate, author=classmate, body="Classmate's wall"
    )
    WallPost.objects.create(
        space=project,
        wall_owner=classmate,
        author=pupil,
        parent=classmate_wall,
        body="Pupil on a classmate's wall",
    )
    world["classmate_wall"] = classmate_wall
    world["teacher_page"] = Page.objects.create(space=project, author=teacher, title="Kept page")
    pupil_page = Page.objects.create(
        space=project, author=pupil, title="Pupil's page", parent=world["teacher_page"]
    )
    world["teacher_subpage"] = Page.objects.create(
        space=project, author=teacher, title="Teacher's subpage", parent=pupil_page
    )
    world["pupil_folder"] = Folder.objects.create(
        space=project, created_by=pupil, name="Our drawings"
    )
    world["pupil_material"] = material(project, pupil, title="Pupil's drawing")
    world["teacher_material"] = material(project, teacher, title="Teacher's map")
    world["classmate"] = classmate
    return world


def erase(user, capture) -> None:
    with capture(execute=True):
        core_services.erase_user_data(actor=user, user=user)


def test_pupil_erasure_removes_what_the_pupil_wrote_and_fixes_the_counters(
    pupil, pupil_world, project, django_capture_on_commit_callbacks
):
    file_name = pupil_world["pupil_material"].file.name
    assert private_storage().exists(file_name)

    erase(pupil, django_capture_on_commit_callbacks)

    teacher_post = Post.objects.get(pk=pupil_world["teacher_post"].pk)
    assert (teacher_post.comment_count, teacher_post.like_count) == (1, 1)
    assert list(teacher_post.comments.values_list("body", flat=True)) == ["Classmate's comment"]
    assert not teacher_post.likes.filter(user=pupil).exists()
    assert not Post.objects.filter(pk=pupil_world["pupil_post"].pk).exists()
    teacher_thread = Thread.objects.get(pk=pupil_world["teacher_thread"].pk)
    assert teacher_thread.reply_count == 1
    assert list(teacher_thread.replies.all()) == [pupil_world["teacher_reply"]]
    assert not Thread.objects.filter(pk=pupil_world["pupil_thread"].pk).exists()
    assert Discussion.objects.get(pk=pupil_world["discussion"].pk).thread_count == 1
    # The pupil's own wall goes entirely; the classmate's wall keeps the classmate's post.
    assert list(WallPost.objects.values_list("body", flat=True)) == ["Classmate's wall"]
    assert not Page.objects.filter(author=pupil).exists()
    subpage = Page.objects.get(pk=pupil_world["teacher_subpage"].pk)
    assert subpage.parent_id == pupil_world["teacher_page"].pk
    assert not Material.objects.filter(uploaded_by=pupil).exists()
    assert not private_storage().exists(file_name)
    assert private_storage().exists(pupil_world["teacher_material"].file.name)
    assert Folder.objects.get(pk=pupil_world["pupil_folder"].pk).created_by is None
    assert not Membership.objects.filter(user=pupil).exists()
    assert not PupilProfile.objects.filter(user=pupil).exists()
    pupil.refresh_from_db()
    assert pupil.state == User.State.DELETED


def test_pupil_erasure_is_safe_to_run_twice(pupil, pupil_world, django_capture_on_commit_callbacks):
    erase(pupil, django_capture_on_commit_callbacks)
    counts = (Post.objects.count(), Reply.objects.count(), WallPost.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_twinspace_data(pupil)
    assert (Post.objects.count(), Reply.objects.count(), WallPost.objects.count()) == counts
    assert Post.objects.get(pk=pupil_world["teacher_post"].pk).comment_count == 1


# --- erasing a teacher ----------------------------------------------------------------------------


def test_teacher_erasure_keeps_contributions_and_removes_invitations_and_guest_accesses(
    teacher, project, django_capture_on_commit_callbacks
):
    update = post(project, teacher, body="Teacher's update")
    like(update, teacher)
    discussion = Discussion.objects.create(space=project, created_by=teacher, title="Forum")
    opened = thread(discussion, teacher)
    reply(opened, teacher)
    page = Page.objects.create(space=project, author=teacher, title="Kept page")
    kept_material = material(project, teacher)
    pending = Invitation.objects.create(space=make_project(), user=teacher)
    answered = Invitation.objects.create(
        space=make_project(), user=teacher, status=Invitation.Status.ACCEPTED
    )
    GuestAccess.objects.create(
        space=make_project(), user=teacher, expires_at=timezone.now() + timedelta(days=3)
    )

    erase(teacher, django_capture_on_commit_callbacks)

    assert Post.objects.get(pk=update.pk).author_id == teacher.pk
    assert Post.objects.get(pk=update.pk).like_count == 1
    assert Reply.objects.filter(author=teacher).count() == 1
    assert Page.objects.get(pk=page.pk).author_id == teacher.pk
    assert private_storage().exists(kept_material.file.name)
    assert Membership.objects.filter(user=teacher, space=project, is_founder=True).exists()
    assert not Invitation.objects.filter(pk=pending.pk).exists()
    assert Invitation.objects.filter(pk=answered.pk).exists()
    assert not GuestAccess.objects.filter(user=teacher).exists()
    teacher.refresh_from_db()
    assert teacher.username == f"former-member-{teacher.pk}"


def test_teacher_erasure_erases_the_pupils_they_created(
    teacher, pupil, pupil_world, django_capture_on_commit_callbacks
):
    classmate = pupil_world["classmate"]
    erase(teacher, django_capture_on_commit_callbacks)
    for created in (pupil, classmate):
        created.refresh_from_db()
        assert created.state == User.State.DELETED
        assert (created.first_name, created.last_name) == ("", "")
        assert not created.is_active
        assert not Membership.objects.filter(user=created).exists()
    assert not PupilProfile.objects.exists()
    assert not PostComment.objects.filter(author__in=[pupil, classmate]).exists()
    assert not WallPost.objects.exists()
    # The teacher's own work stays.
    assert Post.objects.filter(pk=pupil_world["teacher_post"].pk, comment_count=0).exists()


def test_teacher_erasure_is_safe_to_run_twice(
    teacher, pupil, pupil_world, django_capture_on_commit_callbacks
):
    erase(teacher, django_capture_on_commit_callbacks)
    users = User.objects.count()
    erase(teacher, django_capture_on_commit_callbacks)
    assert User.objects.count() == users
    assert Post.objects.filter(pk=pupil_world["teacher_post"].pk).exists()

"""After a pupil is erased, their name and username are nowhere in the database."""

from __future__ import annotations

import pytest

from core import services as core_services
from core.services import notify
from plugins.twinspace.models import (
    Discussion,
    Material,
    Page,
    Post,
    PostComment,
    Reply,
    Role,
    Thread,
    WallPost,
)
from tests.factories.twinspace import add_member, make_project, make_pupil
from tests.support.erasure import text_columns_containing

pytestmark = pytest.mark.django_db

NEEDLES = {
    "first name": "Zebulonia",
    "surname": "Quixotewright",
    "username": "zq.pupil77",
}


def pupil_who_wrote_everywhere():
    """A pupil who signs everything they write with their name, in every tool."""
    project = make_project()
    teacher = project.founder
    pupil = make_pupil(
        teacher,
        first_name=NEEDLES["first name"],
        last_name=NEEDLES["surname"],
        username=NEEDLES["username"],
    )
    add_member(project, user=pupil, role=Role.PUPIL_ADMIN)
    signature = f"{NEEDLES['first name']} {NEEDLES['surname']} ({NEEDLES['username']})"
    update = Post.objects.create(space=project, channel="twinboard", author=teacher, body="Hi")
    PostComment.objects.create(post=update, author=pupil, body=f"Comment by {signature}")
    Post.objects.create(space=project, channel="twinboard", author=pupil, body=signature)
    discussion = Discussion.objects.create(space=project, created_by=teacher, title="Forum")
    thread = Thread.objects.create(discussion=discussion, author=teacher, title="Q", body="?")
    Reply.objects.create(thread=thread, author=pupil, body=f"Reply by {signature}")
    Thread.objects.create(discussion=discussion, author=pupil, title=signature, body=signature)
    WallPost.objects.create(space=project, wall_owner=pupil, author=pupil, body=signature)
    Page.objects.create(space=project, author=pupil, title=signature, body=signature)
    Material.objects.create(
        space=project,
        kind="file",
        title=signature,
        file="",
        original_name=f"{NEEDLES['username']}.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=pupil,
    )
    notify(pupil, kind="twinspace.test", title=f"Hello {signature}")
    return pupil, teacher


def test_no_trace_of_a_pupil_after_their_own_erasure(django_capture_on_commit_callbacks):
    pupil, _teacher = pupil_who_wrote_everywhere()
    assert text_columns_containing(NEEDLES) != [], "the scenario should have stored the data"

    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=pupil, user=pupil)

    assert text_columns_containing(NEEDLES) == []


def test_no_trace_of_a_pupil_after_their_teachers_erasure(django_capture_on_commit_callbacks):
    _pupil, teacher = pupil_who_wrote_everywhere()
    assert text_columns_containing(NEEDLES) != []

    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=teacher, user=teacher)

    assert text_columns_containing(NEEDLES) == []

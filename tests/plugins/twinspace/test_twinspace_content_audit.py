"""Content actions in a TwinSpace leave an audit entry under their own constant name."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEntry
from plugins.twinspace.board import services as board
from plugins.twinspace.forums import services as forums
from plugins.twinspace.materials import services as materials
from plugins.twinspace.models import Role
from plugins.twinspace.pages import services as pages
from tests.factories.twinspace import add_member, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return make_project()


def entries_for(target) -> list[str]:
    """The audit actions recorded about ``target``, oldest first."""
    return list(
        AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_twinboard_post_comment_pin_and_unpin_are_audited(project):
    teacher = project.founder
    post = board.post_update(actor=teacher, space=project, body="Our first measurement")
    comment = board.comment_on_post(actor=teacher, post=post, body="Well done")
    board.pin_post(actor=teacher, post=post)
    board.pin_post(actor=teacher, post=post)  # already pinned: no change, no entry
    board.unpin_post(actor=teacher, post=post)

    assert entries_for(post) == [board.POST_CREATED, board.POST_PINNED, board.POST_UNPINNED]
    assert entries_for(comment) == [board.COMMENT_CREATED]
    created = AuditEntry.objects.get(action=board.POST_CREATED)
    assert created.actor == teacher
    assert created.data == {"space_id": project.pk, "channel": post.channel}


def test_journal_entry_is_audited(project):
    entry = board.write_journal_entry(
        actor=project.founder, space=project, title="Week 1", body="We started."
    )

    assert entries_for(entry) == [board.JOURNAL_WRITTEN]


def test_forum_thread_reply_and_reply_edit_are_audited(project):
    teacher = project.founder
    other = add_member(project, role=Role.TEACHER).user
    discussion = forums.create_discussion(
        actor=teacher, space=project, title="Rivers", description=""
    )
    thread = forums.start_thread(actor=teacher, discussion=discussion, title="Ph", body="Hi")
    reply = forums.reply_to_thread(actor=other, thread=thread, body="Mine is 7")
    forums.edit_reply(actor=other, reply=reply, body="Mine is 7.2")
    forums.edit_reply(actor=teacher, reply=reply, body="Mine is 7.2 (checked)")

    assert entries_for(thread) == [forums.THREAD_STARTED]
    assert entries_for(reply) == [
        forums.REPLY_POSTED,
        forums.REPLY_EDITED,
        forums.REPLY_MODERATED,
    ]


def test_pupil_wall_messages_are_audited(project):
    pupil = add_member(project, role=Role.PUPIL).user
    post = forums.post_on_wall(actor=pupil, space=project, wall_owner=pupil, body="Hello")
    answer = forums.answer_on_wall(actor=project.founder, post=post, body="Hello back")

    assert entries_for(post) == [forums.WALL_POST_CREATED]
    assert entries_for(answer) == [forums.WALL_ANSWER_CREATED]


def test_page_create_edit_and_move_are_audited(project):
    teacher = project.founder
    first = pages.create_page(actor=teacher, space=project, title="Plan", body="<p>1</p>")
    pages.create_page(actor=teacher, space=project, title="Results", body="")
    pages.edit_page(actor=teacher, page=first, title="Our plan", body="<p>2</p>")
    pages.move_page(actor=teacher, page=first, direction=pages.DOWN)

    assert entries_for(first) == [pages.PAGE_CREATED, pages.PAGE_EDITED, pages.PAGE_MOVED]


def test_folder_and_upload_are_audited(project):
    teacher = project.founder
    folder = materials.create_folder(actor=teacher, space=project, name="Photos")
    material = materials.upload_material(
        actor=teacher,
        space=project,
        uploaded_file=SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes"),
        folder=folder,
    )

    assert entries_for(folder) == [materials.FOLDER_CREATED]
    assert entries_for(material) == [materials.MATERIAL_UPLOADED]
    assert AuditEntry.objects.get(action=materials.MATERIAL_UPLOADED).data["size"] == 14

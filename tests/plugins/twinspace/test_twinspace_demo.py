"""The TwinSpace demo data is made through the services, like any user's actions."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import AuditEntry, ContactRequest, Notification, User
from core.plugins import hookimpl
from plugins.twinspace.board import services as board
from plugins.twinspace.forums import services as forums
from plugins.twinspace.groups import services as groups
from plugins.twinspace.members import services as members
from plugins.twinspace.models import (
    Group,
    Invitation,
    Membership,
    Page,
    Post,
    PostComment,
    Project,
    Reply,
    Space,
    Thread,
)
from plugins.twinspace.pages import services as pages
from plugins.twinspace.projects import services as projects
from plugins.twinspace.projects.demo import ACTIVE_TITLE

pytestmark = pytest.mark.django_db


class EventRecorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    @hookimpl
    def on_project_submitted(self, event) -> None:
        self.events.append(("submitted", event))

    @hookimpl
    def on_project_approved(self, event) -> None:
        self.events.append(("approved", event))


def seed(django_capture_on_commit_callbacks) -> str:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def actions_on(target) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_the_demo_project_is_submitted_accepted_and_approved_through_the_services(
    register_plugin, django_capture_on_commit_callbacks
):
    recorder = register_plugin(EventRecorder())

    seed(django_capture_on_commit_callbacks)

    project = Project.objects.get(title=ACTIVE_TITLE)
    assert project.state == Space.State.ACTIVE and project.is_european
    lifecycle = [
        action
        for action in actions_on(project)
        if action.endswith("_project")  # not the pupils and members added later
    ]
    assert lifecycle == [
        projects.CREATE_PROJECT,
        projects.ACCEPT_PROJECT,
        projects.APPROVE_PROJECT,
        projects.APPROVE_PROJECT,
        projects.OPEN_PROJECT,
    ]
    approvers = AuditEntry.objects.filter(
        action=projects.APPROVE_PROJECT, target_id=str(project.pk)
    ).values_list("actor__username", flat=True)
    assert sorted(approvers) == ["nss.es", "nss.fr"]
    delivered = [(kind, event.project_id) for kind, event in recorder.events]
    assert ("submitted", project.pk) in delivered
    assert delivered.count(("approved", project.pk)) == 1


def test_the_demo_space_content_is_made_through_the_services(django_capture_on_commit_callbacks):
    seed(django_capture_on_commit_callbacks)

    project = Project.objects.get(title=ACTIVE_TITLE)
    audited = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        members.CREATE_PUPILS,
        members.INVITE_TEACHER,
        members.ACCEPT_INVITATION,
        board.POST_CREATED,
        board.POST_PINNED,
        board.COMMENT_CREATED,
        board.JOURNAL_WRITTEN,
        pages.PAGE_CREATED,
        forums.DISCUSSION_CREATED,
        forums.THREAD_STARTED,
        forums.REPLY_POSTED,
        groups.CREATE_GROUP,
        groups.APPROVE_GROUP,
        groups.JOIN_GROUP,
    } <= audited
    pupil = User.objects.get(username="pupil.demo")
    assert pupil.pupil_profile.teacher.username == "teacher.ana"
    assert Membership.objects.filter(space=project, user=pupil).exists()
    group = Group.objects.get(title="Teaching with robots")
    assert group.moderated_by.username == "nss.es"
    # The co-founder was asked and the NSS staff were told, as on the site.
    assert Notification.objects.filter(user__username="nss.fr").exists()


def test_seed_demo_twice_creates_no_duplicates(django_capture_on_commit_callbacks):
    models = [
        User,
        ContactRequest,
        Project,
        Group,
        Membership,
        Invitation,
        Post,
        PostComment,
        Page,
        Thread,
        Reply,
        AuditEntry,
        Notification,
    ]
    seed(django_capture_on_commit_callbacks)
    first = {model.__name__: model.objects.count() for model in models}

    output = seed(django_capture_on_commit_callbacks)

    assert {model.__name__: model.objects.count() for model in models} == first
    assert "pupil.demo" in output

"""Every action says on screen what it did: the page after a form shows a message."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import ContactRequest
from plugins.twinspace.board import services as board
from plugins.twinspace.models import Role, Space
from plugins.twinspace.projects import services as projects
from tests.factories.twinspace import add_member, make_project, teacher_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return teacher_in("ES", username="ana")


@pytest.fixture
def luc(ana):
    luc = teacher_in("FR", username="luc")
    ContactRequest.objects.create(
        sender=ana,
        recipient=luc,
        status=ContactRequest.Status.ACCEPTED,
        responded_at=timezone.now(),
    )
    return luc


@pytest.fixture
def pending(ana, luc):
    from core.models import Language, Subject

    return projects.create_project(
        actor=ana,
        cofounder=luc,
        title="Birds on our way to school",
        description="Pupils count the birds they see.",
        working_languages=list(Language.objects.filter(code="en")),
        age_min=8,
        age_max=10,
        pupil_count=30,
        subjects=list(Subject.objects.filter(code="biology")),
        ict_tools="Photos",
        aims="Observe.",
        work_process="Weekly counts.",
        expected_results="A bird atlas.",
    )


def respond(client, project, **data):
    return client.post(
        reverse("twinspace:project:project-respond", args=[project.pk]), data, follow=True
    )


def test_accepting_a_cofounder_request_says_what_happens_next(client, luc, pending):
    client.force_login(luc)
    page = respond(client, pending, decision="accept").content.decode()
    assert (
        "You are a co-founder of the project. It now waits for the approval of the National "
        "Support Services." in page
    )


def test_declining_a_cofounder_request_says_the_founder_is_told(client, luc, pending):
    client.force_login(luc)
    page = respond(client, pending, decision="reject", reason="No time").content.decode()
    assert "You declined the project; the founder is told." in page


def test_liking_and_unliking_an_update_is_confirmed(client):
    project = make_project(state=Space.State.ACTIVE)
    pupil = add_member(project, role=Role.PUPIL).user
    post = board.post_update(actor=project.founder, space=project, body="<p>Hello</p>")
    client.force_login(pupil)
    liked = client.post(project.url("post-like", post.pk), follow=True).content.decode()
    assert "You like this update." in liked
    unliked = client.post(project.url("post-like", post.pk), follow=True).content.decode()
    assert "You no longer like this update." in unliked


def test_accepting_a_contact_request_is_confirmed(client, ana):
    from core.directory.services import send_contact_request

    other = teacher_in("IT", username="gio")
    request = send_contact_request(actor=other, recipient=ana)
    client.force_login(ana)
    page = client.post(
        reverse("core:contact-request-answer", args=[request.pk, "accept"]), follow=True
    ).content.decode()
    assert "Contact request accepted." in page

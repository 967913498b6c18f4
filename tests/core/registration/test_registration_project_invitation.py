"""An unvalidated teacher cannot join projects and is told why (DOMAIN.md §1, §4)."""

from __future__ import annotations

import pytest

from core.models import User
from plugins.twinspace.members.services import invite_teacher
from plugins.twinspace.models import Invitation, Membership
from tests.factories.twinspace import make_project, teacher_in

pytestmark = pytest.mark.django_db


def test_unvalidated_teacher_cannot_accept_a_project_invitation_and_sees_why(client):
    project = make_project(title="Birds of our towns")
    teacher = teacher_in("IT", state=User.State.WAITING_VALIDATION)
    invitation = invite_teacher(actor=project.founder, space=project, user=teacher)
    client.force_login(teacher)

    page = client.get("/invitations/").content.decode()
    assert "Birds of our towns" in page
    assert (
        "You cannot join projects until your national support service validates your account."
        in page
    )
    assert "<button" not in page.split("<main")[1].split("</main>")[0]

    response = client.post(f"/invitations/{invitation.pk}/accept/", follow=True)
    assert "You cannot join projects until your national support service" in (
        response.content.decode()
    )
    assert not Membership.objects.filter(space=project, user=teacher).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING

    # Once validated, the same invitation can be accepted.
    User.objects.filter(pk=teacher.pk).update(state=User.State.VALIDATED)
    client.post(f"/invitations/{invitation.pk}/accept/")
    assert Membership.objects.filter(space=project, user=teacher).exists()

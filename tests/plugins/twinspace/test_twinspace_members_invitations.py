"""Inviting teachers into a space; the invited teacher accepts or rejects (DOMAIN.md §4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from core.models import AuditEntry, ContactRequest, Notification, User
from plugins.twinspace.members import services
from plugins.twinspace.models import Group, Invitation, Membership, Role, Space
from tests.factories import PupilFactory
from tests.factories.twinspace import add_member, make_group, make_project, teacher_in

pytestmark = pytest.mark.django_db


def invite(project, invitee, role=Role.TEACHER) -> Invitation:
    return services.invite_teacher(actor=project.founder, space=project, user=invitee, role=role)


def befriend(a: User, b: User) -> None:
    ContactRequest.objects.create(sender=a, recipient=b, status=ContactRequest.Status.ACCEPTED)


# --- inviting ----------------------------------------------------------------


def test_administrator_invites_a_contact_through_the_page_and_the_teacher_is_notified(client):
    project = make_project()
    invitee = teacher_in("IT")
    befriend(project.founder, invitee)
    client.force_login(project.founder)
    page = client.get(project.url("member-invite")).content.decode()
    assert invitee.display_name() in page
    response = client.post(
        project.url("member-invite"), {"contact": invitee.pk, "role": Role.EXPERT}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(space=project, user=invitee)
    assert (invitation.role, invitation.status, invitation.invited_by) == (
        Role.EXPERT,
        Invitation.Status.PENDING,
        project.founder,
    )
    notification = Notification.objects.get(user=invitee, kind="twinspace.invitation")
    assert project.title in notification.title
    assert notification.url == "/invitations/"
    assert AuditEntry.objects.filter(action="twinspace.invite_teacher").exists()


def test_administrator_invites_by_exact_username(client):
    project = make_project()
    invitee = teacher_in("IT", username="giulia")
    client.force_login(project.founder)
    client.post(project.url("member-invite"), {"username": "GIULIA", "role": Role.TEACHER})
    assert Invitation.objects.filter(space=project, user=invitee).exists()


def test_unknown_username_is_refused_and_the_typed_input_kept(client):
    project = make_project()
    client.force_login(project.founder)
    response = client.post(
        project.url("member-invite"), {"username": "nobody42", "role": "teacher"}
    )
    assert response.status_code == 200
    assert "Nobody has this username." in response.content.decode()
    assert 'value="nobody42"' in response.content.decode()


def test_pupils_cannot_be_invited(client):
    project = make_project()
    pupil = PupilFactory(username="kid1")
    client.force_login(project.founder)
    response = client.post(project.url("member-invite"), {"username": "kid1", "role": "teacher"})
    assert "Pupils cannot be invited" in response.content.decode()
    assert not Invitation.objects.filter(user=pupil).exists()


def test_groups_refuse_pupils():
    group = make_group(policy=Group.Policy.INVITATION)
    with pytest.raises(ValidationError, match="Groups have no pupils"):
        services.invite_teacher(
            actor=group.created_by, space=group, user=PupilFactory(), role=Role.TEACHER
        )


def test_members_cannot_be_invited_again(client):
    project = make_project()
    member = add_member(project).user
    client.force_login(project.founder)
    response = client.post(
        project.url("member-invite"), {"username": member.username, "role": "teacher"}
    )
    assert "is already a member of this space." in response.content.decode()
    assert not Invitation.objects.filter(user=member).exists()


def test_a_teacher_has_at_most_one_pending_invitation_per_space(client):
    project = make_project()
    invitee = teacher_in("IT")
    invite(project, invitee)
    client.force_login(project.cofounder)
    response = client.post(
        project.url("member-invite"), {"username": invitee.username, "role": "teacher"}
    )
    assert "already has an invitation waiting for an answer." in response.content.decode()
    assert Invitation.objects.filter(space=project, user=invitee).count() == 1


def test_a_concurrent_duplicate_invitation_is_refused_with_a_message(monkeypatch):
    project = make_project()
    invitee = teacher_in("IT")
    invite(project, invitee)
    # The other request checked before this one's invitation existed.
    monkeypatch.setattr(
        Invitation.objects, "create", lambda **kwargs: (_ for _ in ()).throw(IntegrityError())
    )
    with pytest.raises(ValidationError, match="already has an invitation"):
        services.invite_teacher(actor=project.cofounder, space=project, user=teacher_in("PT"))


def test_only_teacher_roles_can_be_given_by_invitation():
    project = make_project()
    with pytest.raises(ValidationError, match="teacher role"):
        invite(project, teacher_in("IT"), role=Role.PUPIL)


@pytest.mark.parametrize("role", [Role.TEACHER, Role.EXPERT, Role.OBSERVER])
def test_only_administrators_invite(client, role):
    project = make_project()
    member = add_member(project, role=role).user
    client.force_login(member)
    assert client.get(project.url("member-invite")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.invite_teacher(actor=member, space=project, user=teacher_in("IT"))


def test_archived_spaces_take_no_invitations():
    project = make_project(state=Space.State.ARCHIVED)
    with pytest.raises(PermissionDenied, match="archived"):
        invite(project, teacher_in("IT"))


def test_groups_by_invitation_invite_the_same_way():
    group = make_group(policy=Group.Policy.INVITATION)
    invitee = teacher_in("FR")
    invitation = services.invite_teacher(actor=group.created_by, space=group, user=invitee)
    membership = services.accept_invitation(actor=invitee, invitation=invitation)
    assert (membership.space_id, membership.role) == (group.pk, Role.TEACHER)


# --- answering ---------------------------------------------------------------


def test_accepting_makes_the_teacher_a_member_with_the_invited_role(client):
    project = make_project()
    invitee = teacher_in("IT")
    invitation = invite(project, invitee, role=Role.OBSERVER)
    client.force_login(invitee)
    page = client.get("/invitations/").content.decode()
    assert project.title in page
    assert "Accept" in page and "Reject" in page
    response = client.post(f"/invitations/{invitation.pk}/accept/")
    assert response.status_code == 302
    assert Membership.objects.get(space=project, user=invitee).role == Role.OBSERVER
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert Notification.objects.filter(
        user=project.founder, kind="twinspace.invitation_accepted"
    ).exists()


def test_rejecting_closes_the_invitation_without_membership(client):
    project = make_project()
    invitee = teacher_in("IT")
    invitation = invite(project, invitee)
    client.force_login(invitee)
    client.post(f"/invitations/{invitation.pk}/reject/")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REJECTED
    assert not Membership.objects.filter(space=project, user=invitee).exists()
    assert "no invitations waiting" in client.get("/invitations/").content.decode()


def test_an_invitation_is_answered_only_once():
    project = make_project()
    invitee = teacher_in("IT")
    invitation = invite(project, invitee)
    services.reject_invitation(actor=invitee, invitation=invitation)
    with pytest.raises(ValidationError, match="no longer waiting for an answer"):
        services.accept_invitation(actor=invitee, invitation=invitation)


def test_nobody_answers_someone_elses_invitation(client):
    project = make_project()
    invitation = invite(project, teacher_in("IT"))
    intruder = teacher_in("PT")
    client.force_login(intruder)
    assert client.post(f"/invitations/{invitation.pk}/accept/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.accept_invitation(actor=intruder, invitation=invitation)


@pytest.mark.parametrize("state", [User.State.WAITING_VALIDATION])
def test_unvalidated_teacher_sees_why_and_no_buttons_and_the_service_refuses(client, state):
    project = make_project()
    invitee = teacher_in("IT", state=state)
    invitation = invite(project, invitee)
    client.force_login(invitee)
    page = client.get("/invitations/").content.decode()
    assert "You cannot join projects until your national support service validates" in page
    assert project.title in page
    assert "/accept/" not in page and "/reject/" not in page
    response = client.post(f"/invitations/{invitation.pk}/accept/", follow=True)
    assert "You cannot join projects until" in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()
    with pytest.raises(ValidationError, match="You cannot join projects until"):
        services.accept_invitation(actor=invitee, invitation=invitation)
    with pytest.raises(ValidationError, match="You cannot join projects until"):
        services.reject_invitation(actor=invitee, invitation=invitation)


def test_invitations_page_needs_login(client):
    response = client.get("/invitations/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_administrator_withdraws_a_pending_invitation(client):
    project = make_project()
    invitee = teacher_in("IT")
    invitation = invite(project, invitee)
    client.force_login(project.cofounder)
    assert invitee.display_name() in client.get(project.url("members")).content.decode()
    client.post(project.url("invitation-withdraw", invitation.pk))
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.accept_invitation(actor=invitee, invitation=invitation)


def test_a_teacher_member_cannot_withdraw_invitations(client):
    project = make_project()
    invitation = invite(project, teacher_in("IT"))
    member = add_member(project, role=Role.TEACHER).user
    client.force_login(member)
    assert client.post(project.url("invitation-withdraw", invitation.pk)).status_code == 403


def test_teacher_desktop_shows_the_invitations_panel(client):
    project = make_project()
    invitee = teacher_in("IT")
    invite(project, invitee)
    client.force_login(invitee)
    page = client.get("/desktop/").content.decode()
    assert 'id="panel-twinspace-invitations"' in page
    assert project.title in page
    assert 'href="/invitations/"' in page

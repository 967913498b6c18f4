"""Time-limited read-only guests of a space, granted by its administrators or asked for by
another plugin through ``request_guest_access`` (DOMAIN.md §4, §7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEntry, Notification
from core.plugins import hook
from plugins.twinspace.members import services
from plugins.twinspace.models import GuestAccess, Role, Space
from plugins.twinspace.policy import Action, access_for
from tests.factories import PupilFactory
from tests.factories.twinspace import add_member, make_group, make_project, teacher_in

pytestmark = pytest.mark.django_db


def in_days(days: int):
    return timezone.now() + timedelta(days=days)


def test_administrator_grants_read_only_access_until_a_date(client):
    project = make_project()
    juror = teacher_in("IT", username="juror1")
    client.force_login(project.founder)
    until = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        project.url("member-guests"), {"username": "juror1", "until": until}, follow=True
    )
    assert "can read this space as a guest." in response.content.decode()
    assert juror.display_name() in response.content.decode()
    access = GuestAccess.objects.get(space=project, user=juror)
    assert timezone.localtime(access.expires_at).date().isoformat() == until
    assert Notification.objects.filter(user=juror, kind="twinspace.guest_access").exists()
    assert AuditEntry.objects.filter(action="twinspace.grant_guest_access").exists()

    client.force_login(juror)
    page = client.get(project.url("members")).content.decode()
    assert "You are a guest of this space" in page
    standing = access_for(juror, project)
    assert standing.can_read()
    assert not any(standing.can(action) for action in Action if action is not Action.READ)
    assert client.get(project.url("member-guests")).status_code == 403


def test_guest_access_ends_at_its_expiry(client):
    project = make_project()
    juror = teacher_in("IT")
    services.grant_guest_access(actor=project.founder, space=project, user=juror, until=in_days(3))
    client.force_login(juror)
    assert client.get(project.url("members")).status_code == 200
    with time_machine.travel(in_days(3) + timedelta(minutes=1)):
        assert client.get(project.url("members")).status_code == 403
        client.force_login(project.founder)
        assert "Expired" in client.get(project.url("member-guests")).content.decode()


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "must be in the future"), (366, "Guest access lasts at most one year.")],
)
def test_guest_access_ends_in_the_future_and_within_a_year(client, days, message):
    project = make_project()
    teacher_in("IT", username="juror2")
    client.force_login(project.founder)
    until = (timezone.localdate() + timedelta(days=days)).isoformat()
    response = client.post(project.url("member-guests"), {"username": "juror2", "until": until})
    assert message in response.content.decode()
    assert not GuestAccess.objects.exists()


def test_pupils_and_members_are_not_made_guests():
    project = make_project()
    with pytest.raises(ValidationError, match="Pupils cannot be guests"):
        services.grant_guest_access(
            actor=project.founder, space=project, user=PupilFactory(), until=in_days(5)
        )
    member = add_member(project).user
    with pytest.raises(ValidationError, match="already a member"):
        services.grant_guest_access(
            actor=project.founder, space=project, user=member, until=in_days(5)
        )


@pytest.mark.parametrize("role", [Role.TEACHER, Role.EXPERT, Role.OBSERVER])
def test_only_administrators_manage_guests(client, role):
    project = make_project()
    member = add_member(project, role=role).user
    client.force_login(member)
    assert client.get(project.url("member-guests")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.grant_guest_access(
            actor=member, space=project, user=teacher_in("IT"), until=in_days(5)
        )


def test_administrator_revokes_a_guest_access(client):
    project = make_project()
    juror = teacher_in("IT")
    access = services.grant_guest_access(
        actor=project.founder, space=project, user=juror, until=in_days(10)
    )
    client.force_login(project.founder)
    response = client.post(project.url("member-guest-revoke", access.pk), follow=True)
    assert "The guest access was revoked." in response.content.decode()
    assert "Revoked" in response.content.decode()
    client.force_login(juror)
    assert client.get(project.url("members")).status_code == 403
    with pytest.raises(ValidationError, match="already been revoked"):
        services.revoke_guest_access(actor=project.founder, guest_access=access)


def test_granting_again_extends_the_current_access():
    project = make_project()
    juror = teacher_in("IT")
    first = services.grant_guest_access(
        actor=project.founder, space=project, user=juror, until=in_days(5)
    )
    second = services.grant_guest_access(
        actor=project.founder, space=project, user=juror, until=in_days(20)
    )
    assert first.pk == second.pk
    assert GuestAccess.objects.get().expires_at > in_days(19)


# --- the request_guest_access hook -------------------------------------------------


def test_request_guest_access_grants_a_juror_access_to_an_open_project():
    project = make_project()
    juror = teacher_in("IT")
    assert hook().request_guest_access(project_id=project.pk, user=juror, until=in_days(60))
    access = GuestAccess.objects.get(space=project, user=juror)
    assert access.granted_by is None
    assert access_for(juror, project).is_guest
    entry = AuditEntry.objects.get(action="twinspace.grant_guest_access")
    assert entry.actor is None
    # Asking again extends it.
    assert hook().request_guest_access(project_id=project.pk, user=juror, until=in_days(90))
    assert GuestAccess.objects.get().expires_at > in_days(89)


def test_request_guest_access_refuses_closed_doors_and_the_past():
    pending = make_project(state=Space.State.PENDING_APPROVAL)
    juror = teacher_in("IT")
    assert hook().request_guest_access(project_id=pending.pk, user=juror, until=in_days(9)) is False
    project = make_project()
    assert (
        hook().request_guest_access(project_id=project.pk, user=juror, until=in_days(-1)) is False
    )
    assert not GuestAccess.objects.exists()


def test_request_guest_access_answers_none_for_what_is_not_a_project():
    group = make_group()
    juror = teacher_in("IT")
    assert hook().request_guest_access(project_id=group.pk, user=juror, until=in_days(9)) is None
    assert hook().request_guest_access(project_id=999_999, user=juror, until=in_days(9)) is None

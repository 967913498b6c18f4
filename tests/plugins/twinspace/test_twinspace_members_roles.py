"""A space's members page, roles, removal and leaving; founders stay for good (DOMAIN.md §4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEntry, Notification, User
from plugins.twinspace.members import services
from plugins.twinspace.models import Membership, Role, Space
from tests.factories.twinspace import add_member, make_group, make_project, make_pupil, teacher_in

pytestmark = pytest.mark.django_db


def founder_membership(project) -> Membership:
    return Membership.objects.get(space=project, user=project.founder)


# --- the members page ------------------------------------------------------------


def test_members_page_groups_by_role_and_shows_teachers_school_and_pupils_initial(client):
    project = make_project()
    expert = add_member(project, role=Role.EXPERT).user
    pupil = make_pupil(project.founder, first_name="Lucía", last_name="Fernández")
    add_member(project, user=pupil, role=Role.PUPIL)
    client.force_login(expert)
    page = client.get(project.url("members")).content.decode()
    assert "Teacher administrator" in page and "Expert" in page and "Pupil" in page
    assert page.index("Teacher administrator") < page.index("Expert") < page.index(">Pupil<")
    assert project.founder.display_name() in page and project.founder.school.name in page
    assert expert.school.name in page
    assert "Lucía F." in page
    assert "Fernández" not in page


def test_a_pupil_without_a_last_name_is_shown_by_first_name_alone(client):
    project = make_project()
    pupil = make_pupil(project.founder, first_name="Pablo", last_name="")
    add_member(project, user=pupil, role=Role.PUPIL)
    client.force_login(project.founder)
    page = client.get(project.url("members")).content.decode()
    assert '<span class="member-name">Pablo</span>' in page


def test_members_page_is_for_those_who_may_read(client):
    project = make_project()
    client.force_login(teacher_in("IT"))
    assert client.get(project.url("members")).status_code == 403
    client.logout()
    assert client.get(project.url("members")).status_code == 302


def test_a_pupil_cannot_open_a_project_they_are_not_in(client):
    teacher = teacher_in("ES")
    pupil = make_pupil(teacher)
    mine, other = make_project(founder=teacher), make_project()
    add_member(mine, user=pupil, role=Role.PUPIL)
    client.force_login(pupil)
    assert client.get(mine.url("members")).status_code == 200
    assert client.get(other.url("members"))["Location"] == "/desktop/"


def test_a_pupil_cannot_see_another_pupils_name_outside_shared_spaces(client):
    teacher = teacher_in("ES")
    pupil, stranger = make_pupil(teacher), make_pupil(teacher, last_name="Zubizarreta")
    shared, elsewhere = make_project(founder=teacher), make_project(founder=teacher)
    add_member(shared, user=pupil, role=Role.PUPIL)
    add_member(elsewhere, user=stranger, role=Role.PUPIL)
    client.force_login(pupil)
    assert client.get(elsewhere.url("members"))["Location"] == "/desktop/"
    assert "Zubizarreta" not in client.get(shared.url("members")).content.decode()
    assert client.get("/pupils/")["Location"] == "/desktop/"


def _members_page_queries(client, project, viewer) -> int:
    client.force_login(viewer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(project.url("members"))
    assert response.status_code == 200
    return len(queries)


def _fill(project, teachers: int, pupils: int) -> None:
    school = project.founder.school
    users = User.objects.bulk_create(
        [
            User(username=f"t{project.pk}-{i}", kind=User.Kind.TEACHER, school=school)
            for i in range(teachers)
        ]
        + [User(username=f"p{project.pk}-{i}", kind=User.Kind.PUPIL) for i in range(pupils)]
    )
    users = User.objects.filter(username__in=[user.username for user in users])
    Membership.objects.bulk_create(
        [
            Membership(
                space=project,
                user=user,
                role=Role.PUPIL if user.kind == User.Kind.PUPIL else Role.OBSERVER,
            )
            for user in users
        ]
    )


def test_members_page_query_count_does_not_grow_with_the_space(client):
    small, large = make_project(title="Small"), make_project(title="Large")
    _fill(small, teachers=2, pupils=1)  # 5 members with the founders
    _fill(large, teachers=250, pupils=248)  # 500 members
    for project in (small, large):
        # Pending invitations are listed to administrators too.
        for _number in range(3 if project is small else 30):
            services.invite_teacher(actor=project.founder, space=project, user=teacher_in("IT"))
    assert _members_page_queries(client, small, small.founder) == _members_page_queries(
        client, large, large.founder
    )


# --- roles -------------------------------------------------------------------------


def test_administrator_changes_a_members_role_and_they_are_notified(client):
    project = make_project()
    membership = add_member(project, role=Role.OBSERVER)
    client.force_login(project.founder)
    response = client.post(
        project.url("member-role", membership.pk), {"role": Role.TEACHER}, follow=True
    )
    assert "The role was changed." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.TEACHER
    assert Notification.objects.filter(user=membership.user, kind="twinspace.role_changed")
    assert AuditEntry.objects.filter(action="twinspace.change_member_role").exists()


def test_founders_role_can_never_be_changed(client):
    project = make_project()
    membership = founder_membership(project)
    client.force_login(project.cofounder)
    response = client.post(
        project.url("member-role", membership.pk), {"role": Role.OBSERVER}, follow=True
    )
    assert "Founders are teacher administrators for good" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.TEACHER_ADMIN
    with pytest.raises(ValidationError, match="Founders are teacher administrators"):
        services.change_member_role(
            actor=project.cofounder, membership=membership, role=Role.TEACHER
        )


def test_founders_cannot_be_removed_nor_leave(client):
    project = make_project()
    membership = founder_membership(project)
    client.force_login(project.cofounder)
    response = client.post(project.url("member-remove", membership.pk), follow=True)
    assert "they cannot be removed" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.force_login(project.founder)
    response = client.post(project.url("member-leave"), follow=True)
    assert "Founders cannot leave their space." in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_pupils_take_only_pupil_roles_and_teachers_only_teacher_roles():
    project = make_project()
    pupil = add_member(project, role=Role.PUPIL)
    teacher = add_member(project, role=Role.TEACHER)
    with pytest.raises(ValidationError, match="Pupils can only be pupils or pupil administrators"):
        services.change_member_role(actor=project.founder, membership=pupil, role=Role.TEACHER)
    with pytest.raises(ValidationError, match="Teachers can only have teacher roles"):
        services.change_member_role(actor=project.founder, membership=teacher, role=Role.PUPIL)
    services.change_member_role(actor=project.founder, membership=pupil, role=Role.PUPIL_ADMIN)
    pupil.refresh_from_db()
    assert pupil.role == Role.PUPIL_ADMIN


@pytest.mark.parametrize("role", [Role.TEACHER, Role.EXPERT, Role.OBSERVER, Role.PUPIL])
def test_only_administrators_manage_members(client, role):
    project = make_project()
    actor = add_member(project, role=role).user
    target = add_member(project, role=Role.OBSERVER)
    client.force_login(actor)
    assert (
        client.post(project.url("member-role", target.pk), {"role": "teacher"}).status_code == 403
    )
    assert client.post(project.url("member-remove", target.pk)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.remove_member(actor=actor, membership=target)


def test_administrator_removes_a_member(client):
    project = make_project()
    membership = add_member(project, role=Role.EXPERT)
    client.force_login(project.founder)
    response = client.post(project.url("member-remove", membership.pk), follow=True)
    assert "The member was removed from the space." in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Notification.objects.filter(user=membership.user, kind="twinspace.member_removed")


def test_a_member_leaves_the_space(client):
    project = make_project()
    membership = add_member(project, role=Role.TEACHER)
    client.force_login(membership.user)
    response = client.post(project.url("member-leave"))
    assert response.status_code == 302 and response["Location"] == "/desktop/"
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_archived_spaces_keep_their_members():
    project = make_project(state=Space.State.ARCHIVED)
    membership = add_member(project, role=Role.TEACHER)
    with pytest.raises(PermissionDenied, match="archived"):
        services.remove_member(actor=project.founder, membership=membership)
    with pytest.raises(ValidationError, match="archived"):
        services.leave_space(actor=membership.user, space=project)


def test_group_members_page_works_the_same(client):
    group = make_group()
    member = add_member(group, role=Role.TEACHER).user
    client.force_login(member)
    page = client.get(group.url("members")).content.decode()
    assert member.display_name() in page and group.created_by.display_name() in page

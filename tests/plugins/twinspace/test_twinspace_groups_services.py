"""The rules of groups (DOMAIN.md §4), checked on the services.

Creating a group is moderated by the NSS of the creator's country; teachers join by
the group's membership policy; pupils never; an archived group is read-only.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry, Country, Notification, StaffRole, User
from plugins.twinspace.groups import services
from plugins.twinspace.models import Group, Membership, Role, Space
from plugins.twinspace.policy import Action, access_for
from tests.factories import PupilFactory, TeacherFactory, UserFactory
from tests.factories.twinspace import add_member, make_group, make_pupil, teacher_in

pytestmark = pytest.mark.django_db


def nss_of(code: str, username: str | None = None) -> User:
    staff = UserFactory(kind=User.Kind.STAFF, **({"username": username} if username else {}))
    StaffRole.objects.create(
        user=staff, role=StaffRole.Role.NSS, country=Country.objects.get(code=code)
    )
    return staff


def create(actor, **overrides) -> Group:
    fields = {
        "title": "Coding in primary school",
        "description": "Share ideas for teaching programming to young pupils.",
        "membership_policy": Group.Policy.OPEN,
        **overrides,
    }
    return services.create_group(actor=actor, **fields)


# --- creation and moderation ---------------------------------------------------------------


def test_created_group_waits_for_moderation_with_its_creator_as_founder():
    teacher = teacher_in("FR")
    group = create(teacher)
    assert group.state == Space.State.PENDING_MODERATION
    assert group.country.code == "FR"
    membership = Membership.objects.get(space=group)
    assert (membership.user, membership.role, membership.is_founder) == (
        teacher,
        Role.TEACHER_ADMIN,
        True,
    )
    assert AuditEntry.objects.filter(action="twinspace.create_group", actor=teacher).exists()


def test_creation_notifies_the_nss_of_the_creators_country_only():
    french_nss = nss_of("FR")
    spanish_nss = nss_of("ES")
    create(teacher_in("FR"), title="Poetry club")
    notification = Notification.objects.get(user=french_nss)
    assert "Poetry club" in notification.title
    assert notification.url.startswith("/admin/group-moderation/")
    assert not Notification.objects.filter(user=spanish_nss).exists()


def test_only_teachers_with_a_school_create_groups():
    with pytest.raises(PermissionDenied, match="choose your school"):
        create(TeacherFactory(school=None))
    with pytest.raises(PermissionDenied, match="Only teachers"):
        create(PupilFactory())
    with pytest.raises(PermissionDenied, match="Only teachers"):
        create(UserFactory(kind=User.Kind.STAFF))
    assert not Group.objects.exists()


def test_group_needs_a_title_a_description_and_a_known_policy():
    with pytest.raises(ValidationError) as raised:
        create(teacher_in("ES"), title="  ", description="", membership_policy="anyone")
    assert set(raised.value.error_dict) == {"title", "description", "membership_policy"}
    assert not Group.objects.exists()


def test_nss_of_the_creators_country_approves_and_the_creator_is_told():
    creator = teacher_in("ES")
    group = create(creator, title="Robots and maths")
    nss = nss_of("ES")
    services.moderate_group(actor=nss, group=group, approve=True)
    group.refresh_from_db()
    assert group.state == Space.State.ACTIVE
    assert (group.moderated_by, group.rejection_reason) == (nss, "")
    assert group.moderated_at is not None
    notification = Notification.objects.get(user=creator, kind="twinspace.group_approved")
    assert "Robots and maths" in notification.title
    assert AuditEntry.objects.filter(action="twinspace.approve_group", actor=nss).exists()


def test_rejection_needs_a_reason_which_the_creator_receives():
    creator = teacher_in("ES")
    group = create(creator, title="Selling books")
    nss = nss_of("ES")
    with pytest.raises(ValidationError, match="reason"):
        services.moderate_group(actor=nss, group=group, approve=False, reason="  ")
    group.refresh_from_db()
    assert group.state == Space.State.PENDING_MODERATION

    services.moderate_group(actor=nss, group=group, approve=False, reason="Groups are not shops.")
    group.refresh_from_db()
    assert (group.state, group.rejection_reason) == (Space.State.REJECTED, "Groups are not shops.")
    notification = Notification.objects.get(user=creator, kind="twinspace.group_rejected")
    assert "Selling books" in notification.title
    assert "Reason: Groups are not shops." in notification.body


def test_nss_of_another_country_cannot_moderate():
    group = create(teacher_in("ES"))
    with pytest.raises(PermissionDenied, match="country"):
        services.moderate_group(actor=nss_of("FR"), group=group, approve=True)
    with pytest.raises(PermissionDenied):
        services.moderate_group(actor=teacher_in("ES"), group=group, approve=True)
    group.refresh_from_db()
    assert group.state == Space.State.PENDING_MODERATION


def test_superuser_moderates_any_country():
    group = create(teacher_in("DE"))
    root = UserFactory(kind=User.Kind.STAFF, is_superuser=True)
    services.moderate_group(actor=root, group=group, approve=True)
    group.refresh_from_db()
    assert group.state == Space.State.ACTIVE


def test_a_group_is_moderated_once():
    group = create(teacher_in("ES"))
    nss = nss_of("ES")
    services.moderate_group(actor=nss, group=group, approve=True)
    with pytest.raises(ValidationError, match="already moderated"):
        services.moderate_group(actor=nss, group=group, approve=False, reason="Too late")
    group.refresh_from_db()
    assert group.state == Space.State.ACTIVE


# --- joining ---------------------------------------------------------------------------------


def test_pending_group_cannot_be_joined():
    group = create(teacher_in("ES"))
    with pytest.raises(PermissionDenied, match="not open"):
        services.join_group(actor=teacher_in("ES"), group=group)


def test_open_group_takes_any_teacher_even_unvalidated():
    group = make_group(policy=Group.Policy.OPEN)
    unvalidated = teacher_in("FR", state=User.State.WAITING_VALIDATION)
    membership = services.join_group(actor=unvalidated, group=group)
    assert (membership.user, membership.role, membership.is_founder) == (
        unvalidated,
        Role.TEACHER,
        False,
    )
    assert AuditEntry.objects.filter(action="twinspace.join_group", actor=unvalidated).exists()
    # The group's administrators hear of it; the title names the group, not the person.
    notification = Notification.objects.get(user=group.created_by, kind="twinspace.group_joined")
    assert group.title in notification.title
    assert unvalidated.last_name not in notification.title


def test_validated_group_takes_validated_teachers_only_and_says_why():
    group = make_group(policy=Group.Policy.VALIDATED)
    with pytest.raises(PermissionDenied, match="validated teachers only"):
        services.join_group(
            actor=teacher_in("ES", state=User.State.WAITING_VALIDATION), group=group
        )
    services.join_group(actor=teacher_in("ES"), group=group)
    assert group.memberships.count() == 2


def test_invitation_group_refuses_joining_and_says_it_is_by_invitation():
    group = make_group(policy=Group.Policy.INVITATION)
    with pytest.raises(PermissionDenied, match="by invitation only"):
        services.join_group(actor=teacher_in("ES"), group=group)
    assert group.memberships.count() == 1


def test_pupils_can_never_join_a_group():
    group = make_group(policy=Group.Policy.OPEN)
    pupil = make_pupil(group.created_by)
    with pytest.raises(PermissionDenied, match="Pupils cannot join"):
        services.join_group(actor=pupil, group=group)
    assert not Membership.objects.filter(user=pupil).exists()


def test_staff_cannot_join_a_group():
    group = make_group(policy=Group.Policy.OPEN)
    with pytest.raises(PermissionDenied, match="Only teachers"):
        services.join_group(actor=UserFactory(kind=User.Kind.STAFF), group=group)


def test_joining_twice_is_refused():
    group = make_group(policy=Group.Policy.OPEN)
    teacher = teacher_in("ES")
    services.join_group(actor=teacher, group=group)
    with pytest.raises(ValidationError, match="already a member"):
        services.join_group(actor=teacher, group=group)
    assert group.memberships.filter(user=teacher).count() == 1


# --- editing and archiving -------------------------------------------------------------------


def test_administrator_edits_title_description_and_policy():
    group = make_group(policy=Group.Policy.VALIDATED)
    services.edit_group(
        actor=group.created_by,
        group=group,
        title="Robots everywhere",
        description="Now also for secondary schools.",
        membership_policy=Group.Policy.INVITATION,
    )
    group.refresh_from_db()
    assert (group.title, group.membership_policy) == ("Robots everywhere", "invitation")
    entry = AuditEntry.objects.get(action="twinspace.edit_group")
    assert entry.data["fields"] == ["description", "membership_policy", "title"]


def test_ordinary_member_cannot_edit_or_archive():
    group = make_group()
    member = add_member(group).user
    with pytest.raises(PermissionDenied, match="role"):
        services.edit_group(
            actor=member, group=group, title="Mine", description="x", membership_policy="open"
        )
    with pytest.raises(PermissionDenied):
        services.archive_group(actor=member, group=group)
    group.refresh_from_db()
    assert (group.title, group.state) == ("Teaching with robots", Space.State.ACTIVE)


def test_archived_group_is_read_only_and_cannot_be_joined():
    group = make_group(policy=Group.Policy.OPEN)
    member = add_member(group).user
    services.archive_group(actor=group.created_by, group=group)
    group.refresh_from_db()
    assert group.state == Space.State.ARCHIVED
    assert AuditEntry.objects.filter(action="twinspace.archive_group").exists()
    assert Notification.objects.filter(user=member, kind="twinspace.group_archived").exists()
    # Members still read everything; nobody changes anything.
    access = access_for(member, group)
    assert access.can_read()
    assert not access.can(Action.POST_UPDATE)
    assert not access_for(group.created_by, group).can(Action.MANAGE_MEMBERS)
    with pytest.raises(PermissionDenied, match="archived"):
        services.edit_group(
            actor=group.created_by,
            group=group,
            title="Again",
            description="x",
            membership_policy="open",
        )
    with pytest.raises(PermissionDenied, match="archived"):
        services.archive_group(actor=group.created_by, group=group)
    with pytest.raises(PermissionDenied, match="archived"):
        services.join_group(actor=teacher_in("ES"), group=group)


def test_pending_group_cannot_be_archived():
    group = make_group(state=Space.State.PENDING_MODERATION)
    with pytest.raises(PermissionDenied):
        services.archive_group(actor=group.created_by, group=group)
    group.refresh_from_db()
    assert group.state == Space.State.PENDING_MODERATION

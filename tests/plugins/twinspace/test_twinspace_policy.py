"""The role table of DOMAIN.md §4, checked for every role and every action.

The expected table below is DOMAIN.md's, copied cell by cell ("own": only over what
the person wrote). If the policy module and this table disagree, one of them is wrong.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from plugins.twinspace.models import Membership, Role, Space
from plugins.twinspace.policy import OWN_ONLY, RIGHTS, Action, SpaceAccess, access_for
from tests.factories import TeacherFactory
from tests.factories.twinspace import add_member, make_project

ROLES = [
    Role.TEACHER_ADMIN,
    Role.TEACHER,
    Role.EXPERT,
    Role.OBSERVER,
    Role.PUPIL_ADMIN,
    Role.PUPIL,
]

# action: (teacher admin, teacher, expert, observer, pupil admin, pupil)
DOMAIN_TABLE = {
    Action.READ: "✓ ✓ ✓ ✓ ✓ ✓",
    Action.USE_BULLETIN: "✓ ✓ - - - -",
    Action.POST_UPDATE: "✓ ✓ - - ✓ -",
    Action.LIKE_COMMENT: "✓ ✓ ✓ ✓ ✓ ✓",
    Action.EDIT_PAGES: "✓ own ✓ - ✓ -",
    Action.REORDER_PAGES: "✓ - - - - -",
    Action.UPLOAD_MATERIAL: "✓ ✓ ✓ ✓ ✓ -",
    Action.CREATE_DISCUSSION: "✓ - ✓ - - -",
    Action.CREATE_THREAD: "✓ ✓ ✓ - ✓ -",
    Action.REPLY: "✓ ✓ ✓ ✓ ✓ ✓",
    Action.INVITE_TEACHERS: "✓ - - - - -",
    Action.CREATE_PUPILS: "✓ ✓ - - - -",
    Action.MANAGE_MEMBERS: "✓ - - - - -",
    Action.MODERATE: "✓ - ✓ - - -",
    # Not in DOMAIN.md's table: the public journal is written by the project's teachers.
    Action.WRITE_JOURNAL: "✓ ✓ - - - -",
}

CELLS = [
    (action, role, cell)
    for action, row in DOMAIN_TABLE.items()
    for role, cell in zip(ROLES, row.split(), strict=True)
]


def test_the_expected_table_covers_every_action():
    assert set(DOMAIN_TABLE) == set(Action)


@pytest.mark.parametrize(("action", "role", "cell"), CELLS, ids=lambda v: str(v))
def test_policy_grants_exactly_what_the_domain_table_says(action, role, cell):
    assert (role in RIGHTS[action]) == (cell != "-")
    assert ((role, action) in OWN_ONLY) == (cell == "own")


def _access(role: Role | None, state: str = Space.State.ACTIVE, **kwargs) -> SpaceAccess:
    space = Space(kind=Space.Kind.PROJECT, state=state, title="x")
    membership = Membership(role=role) if role else None
    return SpaceAccess(space=space, user_id=7, membership=membership, **kwargs)


@pytest.mark.parametrize(("action", "role", "cell"), CELLS, ids=lambda v: str(v))
def test_each_member_can_do_in_an_active_space_what_the_table_allows(action, role, cell):
    access = _access(role)
    if cell == "own":
        assert access.can(action, author_id=7)
        assert not access.can(action, author_id=8)
        assert not access.can(action)
    else:
        assert access.can(action) == (cell == "✓")


@pytest.mark.parametrize("action", list(Action))
def test_the_public_can_do_nothing_but_read_public_parts(action):
    access = _access(None)
    assert not access.can(action)
    assert access.can_read_public()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", [a for a in Action if a is not Action.READ])
def test_an_archived_space_is_read_only_for_every_role(role, action):
    access = _access(role, state=Space.State.ARCHIVED)
    assert access.can_read()
    assert not access.can(action, author_id=7)
    with pytest.raises(PermissionDenied, match="archived"):
        access.require(action, author_id=7)


@pytest.mark.parametrize("action", [a for a in Action if a is not Action.READ])
def test_a_guest_reads_but_changes_nothing(action):
    access = _access(None, is_guest=True)
    assert access.can_read()
    assert not access.can(action)
    with pytest.raises(PermissionDenied, match="Guests can read"):
        access.require(action)


@pytest.mark.parametrize(
    "state", [Space.State.PENDING_PARTNER, Space.State.PENDING_APPROVAL, Space.State.REJECTED]
)
def test_a_space_not_yet_open_is_seen_only_by_founders_and_reviewers(state):
    founder = SpaceAccess(
        space=Space(kind="project", state=state),
        user_id=1,
        membership=Membership(role=Role.TEACHER_ADMIN, is_founder=True),
    )
    reviewer = _access(None, state=state, is_reviewer=True)
    member = _access(Role.TEACHER, state=state)
    assert founder.can_read() and reviewer.can_read()
    assert not member.can_read()
    assert not _access(None, state=state).can_read_public()
    # Nothing changes in a space before it opens, even for its founders.
    assert not founder.can(Action.POST_UPDATE)


def test_twinboard_is_public_only_when_the_administrators_allow_it():
    access = _access(None)
    assert not access.can_see_twinboard_publicly()
    access.space.twinboard_public = True
    assert access.can_see_twinboard_publicly()


@pytest.mark.django_db
def test_access_for_resolves_membership_guests_and_reviewers(django_assert_max_num_queries):
    project = make_project()
    teacher = add_member(project, role=Role.OBSERVER).user
    stranger = TeacherFactory()
    with django_assert_max_num_queries(2):
        access = access_for(teacher, project)
    assert access.role == Role.OBSERVER and access.can_read()
    assert not access_for(stranger, project).can_read()
    assert access_for(project.founder, project).is_founder


@pytest.mark.django_db
def test_nss_of_a_founder_country_reviews_a_pending_project_and_others_do_not():
    from core.models import Country, StaffRole
    from tests.factories import UserFactory

    project = make_project(state=Space.State.PENDING_APPROVAL)
    spanish_nss = UserFactory(kind="staff")
    StaffRole.objects.create(user=spanish_nss, role="nss", country=Country.objects.get(code="ES"))
    italian_nss = UserFactory(kind="staff")
    StaffRole.objects.create(user=italian_nss, role="nss", country=Country.objects.get(code="IT"))
    assert access_for(spanish_nss, project).can_read()
    assert not access_for(italian_nss, project).can_read()


def test_pupil_walls_are_for_members_only_never_guests_or_reviewers():
    # DOMAIN.md §4 and §9: only members see pupil walls; guests of a space never do.
    assert _access(Role.PUPIL).can_read_walls()
    assert _access(Role.OBSERVER, state=Space.State.ARCHIVED).can_read_walls()
    guest = _access(None, is_guest=True)
    assert guest.can_read() and not guest.can_read_walls()
    with pytest.raises(PermissionDenied, match="Pupil walls are only for the members"):
        guest.require_walls()
    reviewer = _access(None, state=Space.State.PENDING_APPROVAL, is_reviewer=True)
    assert reviewer.can_read() and not reviewer.can_read_walls()
    with pytest.raises(PermissionDenied, match="Your role in this space does not allow this"):
        _access(None).require_walls()

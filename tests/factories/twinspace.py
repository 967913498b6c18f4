"""Builders for TwinSpace tests: spaces in a given state, members, pupils.

They write the rows directly (the state a test starts from); the services under
test are what change state afterwards.
"""

from __future__ import annotations

from django.utils import timezone

from core.models import Country, Language, Subject, User
from plugins.twinspace.models import (
    Group,
    Membership,
    Project,
    ProjectApproval,
    PupilProfile,
    Role,
    Space,
)
from tests.factories import PupilFactory, SchoolFactory, TeacherFactory


def teacher_in(country_code: str, **kwargs) -> User:
    """A validated teacher at a new school of ``country_code``."""
    school = SchoolFactory(country=Country.objects.get(code=country_code))
    return TeacherFactory(school=school, **kwargs)


def make_project(
    *,
    founder: User | None = None,
    cofounder: User | None = None,
    state: str = Space.State.ACTIVE,
    title: str = "Our shared river",
    twinboard_public: bool = False,
) -> Project:
    """A project of two founders (Spain and France unless given) in ``state``.

    Founders are teacher administrators; each founder's country has an approval row,
    approved when the project is past approval.
    """
    founder = founder or teacher_in("ES")
    cofounder = cofounder or teacher_in("FR")
    now = timezone.now()
    open_state = state in Space.OPEN
    project = Project.objects.create(
        title=title,
        description="Pupils measure and compare the rivers of their towns.",
        state=state,
        twinboard_public=twinboard_public,
        created_by=founder,
        founder=founder,
        cofounder=cofounder,
        is_european=founder.school.country_id != cofounder.school.country_id,
        age_min=10,
        age_max=12,
        pupil_count=40,
        ict_tools="Shared spreadsheets, video calls",
        aims="Learn to measure water quality.",
        work_process="Monthly measurements, shared in the TwinSpace.",
        expected_results="A joint river atlas.",
        submitted_at=now if state != Space.State.PENDING_PARTNER else None,
        approved_at=now if open_state else None,
    )
    project.working_languages.set(Language.objects.filter(code__in=["en"]))
    project.subjects.set(Subject.objects.filter(code__in=["biology"]))
    Membership.objects.create(space=project, user=founder, role=Role.TEACHER_ADMIN, is_founder=True)
    if state != Space.State.PENDING_PARTNER:
        Membership.objects.create(
            space=project, user=cofounder, role=Role.TEACHER_ADMIN, is_founder=True
        )
        for country_id in {founder.school.country_id, cofounder.school.country_id}:
            ProjectApproval.objects.create(
                project=project,
                country_id=country_id,
                status=(
                    ProjectApproval.Status.APPROVED
                    if open_state
                    else ProjectApproval.Status.PENDING
                ),
                decided_at=now if open_state else None,
            )
    return project


def add_member(space: Space, user: User | None = None, role: str = Role.TEACHER) -> Membership:
    """Put ``user`` (a new validated teacher, or a new pupil for pupil roles) in ``space``."""
    if user is None:
        user = PupilFactory() if role in (Role.PUPIL, Role.PUPIL_ADMIN) else teacher_in("ES")
    return Membership.objects.create(space=space, user=user, role=role)


def make_pupil(teacher: User, **kwargs) -> User:
    """A pupil account created by ``teacher``."""
    pupil = PupilFactory(**kwargs)
    PupilProfile.objects.create(user=pupil, teacher=teacher)
    return pupil


def make_group(
    *,
    creator: User | None = None,
    state: str = Space.State.ACTIVE,
    policy: str = Group.Policy.VALIDATED,
    title: str = "Teaching with robots",
) -> Group:
    """A group created by ``creator`` (a teacher administrator of it)."""
    creator = creator or teacher_in("ES")
    group = Group.objects.create(
        title=title,
        description="Ideas and lesson plans with small robots.",
        state=state,
        created_by=creator,
        membership_policy=policy,
        country_id=creator.school.country_id,
    )
    Membership.objects.create(space=group, user=creator, role=Role.TEACHER_ADMIN, is_founder=True)
    return group

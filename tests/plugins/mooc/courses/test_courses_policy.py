"""The courses' role table and window table (issue 11, item 3), cell by cell; how a
person's role in a course is found; the windows at one second of each boundary."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from plugins.mooc.courses import services
from plugins.mooc.courses.policy import (
    RIGHTS,
    WINDOWS,
    Action,
    CourseAccess,
    Role,
    Window,
    access_for,
    creation_refusal,
    manageable_courses,
)
from plugins.mooc.models.courses import Course
from tests.factories import PupilFactory
from tests.factories.mooc_courses import (
    CLOSES,
    ENDS,
    OPENS,
    STARTS,
    T0,
    cohort_course,
    css,
    new_course,
    nss,
    published_course,
    teacher,
    unvalidated_teacher,
)

pytestmark = pytest.mark.django_db

ORGANISER, TEAM, LEARNER, TEACHER, OTHER = (
    Role.ORGANISER,
    Role.TEAM,
    Role.LEARNER,
    Role.TEACHER,
    Role.OTHER,
)
SECOND = timedelta(seconds=1)
SELF_PACED, COHORT = Course.Pacing.SELF_PACED, Course.Pacing.COHORT

# The table as the issue states it, written out independently of the code.
EXPECTED_RIGHTS = {
    Action.VIEW: {ORGANISER, TEAM, LEARNER, TEACHER, OTHER},
    Action.ENROL: {TEACHER},
    Action.LEAVE: {LEARNER},
    Action.STUDY: {ORGANISER, TEAM, LEARNER},
    Action.MARK_DONE: {LEARNER},
    Action.SEE_PROGRESS: {ORGANISER, TEAM},
    Action.MANAGE: {ORGANISER, TEAM},
    Action.PUBLISH: {ORGANISER},
}
EXPECTED_WINDOWS = {
    (Action.ENROL, SELF_PACED): Window("enrolment_opens_at", "enrolment_closes_at"),
    (Action.ENROL, COHORT): Window("enrolment_opens_at", "enrolment_closes_at"),
    (Action.STUDY, SELF_PACED): Window(),
    (Action.STUDY, COHORT): Window("starts_at"),
    (Action.MARK_DONE, SELF_PACED): Window(),
    (Action.MARK_DONE, COHORT): Window("starts_at", "ends_at"),
}


@pytest.fixture
def organiser():
    return nss("ES")


@pytest.fixture
def course(organiser):
    with time_machine.travel(T0, tick=False):
        made, _units = published_course(actor=organiser)
    return made


def test_the_rights_table_is_the_issues_table():
    assert {action: set(roles) for action, roles in RIGHTS.items()} == EXPECTED_RIGHTS


def test_the_window_table_is_the_issues_table():
    cells = {
        (action, pacing): window
        for action, by_pacing in WINDOWS.items()
        for pacing, window in by_pacing.items()
    }
    assert cells == EXPECTED_WINDOWS


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_every_cell_of_the_rights_table(course, role, action):
    access = CourseAccess(course=course, user=None, role=role)
    with time_machine.travel(OPENS + timedelta(hours=1), tick=False):
        allowed = access.can(action)
    assert allowed == (role in EXPECTED_RIGHTS[action])
    if not allowed:
        assert access.refusal(action)
        with pytest.raises(PermissionDenied):
            access.require(action)


def test_roles_are_found_through_what_people_did(organiser):
    team_member = teacher()
    learner, other_teacher, newcomer = teacher(), teacher(), unvalidated_teacher()
    with time_machine.travel(T0, tick=False):
        course, _units = published_course(actor=organiser, team=[team_member])
    with time_machine.travel(OPENS, tick=False):
        services.enrol(actor=learner, course=course)
    assert access_for(organiser, course).role is ORGANISER
    assert access_for(css(), course).role is ORGANISER
    assert access_for(nss("FR"), course).role is OTHER
    assert access_for(team_member, course).role is TEAM
    assert access_for(learner, course).role is LEARNER
    assert access_for(other_teacher, course).role is TEACHER
    assert access_for(newcomer, course).role is OTHER
    assert access_for(PupilFactory(), course).role is OTHER
    with time_machine.travel(OPENS + SECOND, tick=False):
        services.leave_course(actor=learner, course=course)
    left = access_for(learner, course)
    assert left.role is TEACHER
    assert left.enrolment is not None and left.enrolment.left_at is not None


def test_a_draft_is_hidden_from_everyone_but_its_runners(organiser):
    team_member = teacher()
    with time_machine.travel(T0, tick=False):
        draft = new_course(actor=organiser, team=[team_member])
    assert access_for(teacher(), draft).refusal(Action.VIEW) == "This course is not published yet."
    assert access_for(team_member, draft).can(Action.VIEW)
    assert access_for(organiser, draft).can(Action.MANAGE)


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (OPENS - SECOND, False),
        (OPENS, True),
        (OPENS + SECOND, True),
        (CLOSES - SECOND, True),
        (CLOSES, False),
        (CLOSES + SECOND, False),
    ],
)
def test_enrolment_is_open_from_its_opening_until_its_close(course, moment, allowed):
    learner = teacher()
    with time_machine.travel(moment, tick=False):
        if allowed:
            assert services.enrol(actor=learner, course=course).left_at is None
        else:
            with pytest.raises(PermissionDenied) as refused:
                services.enrol(actor=learner, course=course)
            word = "opens" if moment < OPENS else "closed"
            assert f"Enrolment {word} on" in str(refused.value)
            assert not course.enrolments.exists()


def test_enrolment_without_a_close_stays_open(organiser):
    with time_machine.travel(T0, tick=False):
        course, _units = published_course(actor=organiser, enrolment_closes_at=None)
    with time_machine.travel(T0 + timedelta(days=3000), tick=False):
        services.enrol(actor=teacher(), course=course)
    assert course.enrolments.count() == 1


@pytest.fixture
def cohort(organiser):
    learner = teacher()
    with time_machine.travel(T0, tick=False):
        course, units = cohort_course(actor=organiser)
        services.update_unit(actor=organiser, unit=units[2], opens_at=STARTS + timedelta(days=7))
    with time_machine.travel(OPENS, tick=False):
        services.enrol(actor=learner, course=course)
    units[2].refresh_from_db()
    return course, units, learner


@pytest.mark.parametrize(
    ("moment", "allowed"), [(STARTS - SECOND, False), (STARTS, True), (STARTS + SECOND, True)]
)
def test_a_cohort_courses_units_open_when_it_starts(cohort, moment, allowed):
    course, units, learner = cohort
    with time_machine.travel(moment, tick=False):
        access = access_for(learner, course)
        assert access.can(Action.STUDY, units[0]) is allowed
        assert access.can(Action.MARK_DONE, units[0]) is allowed
        if not allowed:
            assert access.refusal(Action.STUDY, units[0]).startswith("This opens on")
            with pytest.raises(PermissionDenied):
                services.mark_unit_done(actor=learner, unit=units[0])


@pytest.mark.parametrize(
    ("offset", "allowed"), [(-SECOND, False), (timedelta(0), True), (SECOND, True)]
)
def test_a_unit_with_its_own_date_opens_then(cohort, offset, allowed):
    course, units, learner = cohort
    with time_machine.travel(units[2].opens_at + offset, tick=False):
        access = access_for(learner, course)
        assert access.can(Action.STUDY, units[2]) is allowed
        assert access.can(Action.STUDY, units[1])
        if not allowed:
            assert access.refusal(Action.STUDY, units[2]).startswith("This unit opens on")


@pytest.mark.parametrize(
    ("moment", "allowed"), [(ENDS - SECOND, True), (ENDS, False), (ENDS + SECOND, False)]
)
def test_units_can_be_marked_done_until_a_cohort_course_ends(cohort, moment, allowed):
    course, units, learner = cohort
    with time_machine.travel(moment, tick=False):
        if allowed:
            services.mark_unit_done(actor=learner, unit=units[0])
        else:
            with pytest.raises(PermissionDenied) as refused:
                services.mark_unit_done(actor=learner, unit=units[0])
            assert "units can no longer be marked" in str(refused.value)
        # The content stays readable after the end.
        assert access_for(learner, course).can(Action.STUDY, units[0])


def test_the_team_prepares_units_before_a_cohort_starts(cohort, organiser):
    course, units, _learner = cohort
    with time_machine.travel(STARTS - timedelta(days=3), tick=False):
        assert access_for(organiser, course).can(Action.STUDY, units[2])


def test_who_may_create_courses():
    assert creation_refusal(nss("ES")) is None
    assert creation_refusal(css()) is None
    assert creation_refusal(teacher()) == (
        "Only the staff of the National and Central Support Services can create online courses."
    )
    with pytest.raises(PermissionDenied):
        new_course(actor=teacher())


def test_manageable_courses_are_those_of_the_team_and_the_countries_served(organiser):
    team_member = teacher()
    with time_machine.travel(T0, tick=False):
        spanish = new_course(actor=organiser, team=[team_member])
        french = new_course(actor=nss("FR"), title="Le codage")
    assert list(manageable_courses(organiser)) == [spanish]
    assert list(manageable_courses(team_member)) == [spanish]
    assert set(manageable_courses(css())) == {spanish, french}
    assert not manageable_courses(teacher()).exists()

"""The courses' privacy provider: a learner's export holds their enrolments and units
done; after erasure of a learner or of a team member, their names, username and e-mail
address are nowhere in the database, and the enrolment is gone."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from core import services as core_services
from plugins.mooc.courses import services
from plugins.mooc.courses.privacy import erase_courses_data, export_courses_data
from plugins.mooc.models.courses import Course, Enrolment, UnitCompletion
from tests.factories.mooc_courses import OPENS, T0, nss, published_course, teacher, unit_file
from tests.support.erasure import text_columns_containing

pytestmark = pytest.mark.django_db

LEARNER = {"first name": "Zebulonia", "surname": "Quixotewright", "username": "zq.learner77"}
TEAM = {"first name": "Olwenna", "surname": "Fairweatherby", "username": "of.team88"}
DURING = OPENS + timedelta(hours=1)


def a_course_taken_to_completion():
    organiser = nss("ES", username="nss.es.courses.scan")
    team_member = teacher(
        username=TEAM["username"], first_name=TEAM["first name"], last_name=TEAM["surname"]
    )
    learner = teacher(
        username=LEARNER["username"],
        first_name=LEARNER["first name"],
        last_name=LEARNER["surname"],
    )
    with time_machine.travel(T0, tick=False):
        course, units = published_course(actor=organiser, team=[team_member], units=2)
        unit_file(actor=team_member, unit=units[0])
    with time_machine.travel(DURING, tick=False):
        services.enrol(actor=learner, course=course)
        services.mark_unit_done(actor=learner, unit=units[0])
        services.leave_course(actor=learner, course=course)
        services.enrol(actor=learner, course=course)
        services.mark_unit_done(actor=learner, unit=units[1])
    return course, learner, team_member


def test_the_export_holds_the_enrolment_and_the_units_done():
    course, learner, team_member = a_course_taken_to_completion()
    data = export_courses_data(learner)
    (enrolment,) = data["enrolments"]
    assert enrolment["course"] == course.title
    assert enrolment["completed"] is not None
    assert [row["unit"] for row in enrolment["units_done"]] == ["Unit 1", "Unit 2"]
    assert export_courses_data(team_member)["courses_in_team"] == [course.title]
    assert export_courses_data(team_member)["unit_files_added"] == [
        {"unit": "Unit 1", "title": "Worksheet"}
    ]


def test_no_trace_of_a_learner_after_their_erasure(django_capture_on_commit_callbacks):
    course, learner, _team = a_course_taken_to_completion()
    assert text_columns_containing(LEARNER) != [], "the scenario should have stored the data"
    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=learner, user=learner)
    assert text_columns_containing(LEARNER) == []
    assert not Enrolment.objects.filter(course=course).exists()
    assert not UnitCompletion.objects.exists()


def test_no_trace_of_a_team_member_after_their_erasure(django_capture_on_commit_callbacks):
    course, _learner, team_member = a_course_taken_to_completion()
    assert text_columns_containing(TEAM) != []
    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=team_member, user=team_member)
    assert text_columns_containing(TEAM) == []
    # What the team made for the learners stays.
    assert Course.objects.get(pk=course.pk).units.get(title="Unit 1").files.count() == 1
    assert not Course.objects.get(pk=course.pk).team.exists()


def test_erasing_twice_is_safe():
    _course, learner, _team = a_course_taken_to_completion()
    erase_courses_data(learner)
    erase_courses_data(learner)
    assert export_courses_data(learner)["enrolments"] == []

"""What the courses contribute to the rest of the site: the menu entry, the "My courses"
desktop panel with progress, the notification kinds, the cohort dates in the calendar,
the search, the portal listing and the demo data."""

from __future__ import annotations

import html
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.calendar import calendar_events, event_for
from core.context_processors import main_menu
from core.contrib import SearchQuery
from core.models import AuditEntry, Notification, User
from core.notification_kinds import notification_kinds
from core.portal import portal_listings
from core.search import search
from plugins.mooc.courses import queries, services
from plugins.mooc.courses.demo import TITLE
from plugins.mooc.models.courses import Course, Enrolment
from tests.factories import PupilFactory
from tests.factories.mooc_courses import (
    OPENS,
    STARTS,
    T0,
    cohort_course,
    new_course,
    nss,
    published_course,
    teacher,
)

pytestmark = pytest.mark.django_db

DURING = OPENS + timedelta(hours=1)


def keys(user) -> set[str]:
    return {item.key for item in main_menu(user)}


def test_the_menu_offers_online_courses_to_everyone_but_pupils():
    assert "courses" in keys(teacher())
    assert "courses" in keys(AnonymousUser())
    assert "courses" not in keys(PupilFactory())


def test_the_desktop_panel_shows_my_courses_with_their_progress():
    organiser = nss("ES")
    with time_machine.travel(T0, tick=False):
        mine, units = published_course(actor=organiser, title="My course", units=4)
        published_course(actor=organiser, title="Someone else's course")
    learner = teacher()
    client = Client()
    with time_machine.travel(DURING, tick=False):
        client.force_login(learner)
        services.enrol(actor=learner, course=mine)
        services.mark_unit_done(actor=learner, unit=units[0])
        page = html.unescape(client.get(reverse("core:desktop")).content.decode())
    assert "My courses" in page
    assert "My course" in page and "Someone else's course" not in page
    assert "1 of 4 required units done (25 %)" in page


def test_the_desktop_panel_of_a_teacher_without_courses_points_to_the_list():
    client = Client()
    client.force_login(teacher())
    page = html.unescape(client.get(reverse("core:desktop")).content.decode())
    assert "You are not enrolled in any online course yet." in page
    assert reverse("courses:list") in page


def test_the_notification_kinds_are_registered_with_labels():
    kinds = notification_kinds()
    assert str(kinds["mooc.course_enrolled"].label) == "You enrolled in an online course"
    assert str(kinds["mooc.course_completed"].label) == "You completed an online course"


def test_enrolling_in_a_cohort_course_puts_its_dates_in_the_calendar():
    organiser = nss("ES")
    with time_machine.travel(T0, tick=False):
        course, units = cohort_course(actor=organiser)
        services.update_unit(actor=organiser, unit=units[1], opens_at=STARTS + timedelta(days=7))
        published_course(actor=organiser, title="Self-paced")
    learner = teacher()
    assert calendar_events(learner) == []
    with time_machine.travel(DURING, tick=False):
        services.enrol(actor=learner, course=course)
    uids = [event.uid for event in calendar_events(learner)]
    assert uids == [f"mooc.course-{course.pk}", f"mooc.course-{course.pk}.unit-{units[1].pk}"]
    item = event_for(learner, f"mooc.course-{course.pk}")
    assert (item.starts_at, item.ends_at) == (course.starts_at, course.ends_at)
    (welcome,) = Notification.objects.filter(user=learner, kind="mooc.course_enrolled")
    assert welcome.calendar_uid == f"mooc.course-{course.pk}"
    assert calendar_events(teacher()) == []


def test_search_finds_published_courses_only():
    organiser = nss("ES")
    with time_machine.travel(T0, tick=False):
        published_course(actor=organiser, title="Robotics for beginners")
        new_course(actor=organiser, title="Robotics draft")
    (section,) = search(SearchQuery(text="robotics", filters={}, user=None), kinds={"courses"})
    assert [result.title for result in section.results] == ["Robotics for beginners"]


def test_the_portal_lists_courses_open_for_enrolment():
    organiser = nss("ES")
    with time_machine.travel(T0, tick=False):
        published_course(actor=organiser, title="Open one")
        published_course(
            actor=organiser,
            title="Later one",
            enrolment_opens_at=T0 + timedelta(days=60),
            enrolment_closes_at=None,
        )
    (listing,) = [item for item in portal_listings(kind="courses") if item.key == "courses.open"]
    assert str(listing.title) == "Courses open for enrolment"
    with time_machine.travel(DURING, tick=False):
        assert [item.title for item in listing.items(10)] == ["Open one"]


def test_demo_data_is_made_through_the_services_and_loads_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    course = Course.objects.get(title=TITLE)
    assert course.published_at is not None and course.units.count() == 3
    learner = User.objects.get(username="teacher.luc")
    enrolment = Enrolment.objects.get(course=course, user=learner)
    assert queries.progress(enrolment).done == 1
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {services.COURSE_CREATED, services.COURSE_PUBLISHED, services.ENROLLED} <= actions
    assert Notification.objects.filter(user=learner, kind="mooc.course_enrolled").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    assert Course.objects.filter(title=TITLE).count() == 1
    assert Notification.objects.filter(user=learner, kind="mooc.course_enrolled").count() == 1

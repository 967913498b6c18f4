"""The courses pages: the listing, the course page with the learner's progress, a unit
with "Mark as done", the private files, the team's progress page and editing pages, and
the same number of queries with 500 learners as with 5."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Language, User
from plugins.mooc.courses import services
from plugins.mooc.models.courses import Course, Enrolment, Unit, UnitCompletion
from tests.factories import PupilFactory
from tests.factories.mooc_courses import (
    OPENS,
    T0,
    css,
    nss,
    published_course,
    teacher,
    unit_file,
)

pytestmark = pytest.mark.django_db

DURING = OPENS + timedelta(hours=2)
SMALL, LARGE = 5, 500


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def frozen():
    with time_machine.travel(DURING, tick=False):
        yield


@pytest.fixture
def setting(frozen):
    """A published course of three units (one with a file and a video), its organiser, a
    team member and a learner who enrolled through the page's service."""
    organiser, team_member, learner = nss("ES"), teacher(), teacher()
    with time_machine.travel(T0, tick=False):
        course, units = published_course(actor=organiser, team=[team_member], optional=1)
        services.update_unit(
            actor=organiser, unit=units[0], video_url="https://youtu.be/dQw4w9WgXcQ"
        )
        stored = unit_file(actor=organiser, unit=units[0], content=b"%PDF-1.4 the worksheet")
    services.enrol(actor=learner, course=course)
    return {
        "course": course,
        "units": units,
        "file": stored,
        "organiser": organiser,
        "team": team_member,
        "learner": learner,
    }


def test_the_listing_shows_open_courses_to_visitors(setting):
    response = Client().get(reverse("courses:list"))
    assert response.status_code == 200
    assert setting["course"].title in response.content.decode()


def test_a_learner_takes_the_course_to_completion_through_the_pages(setting):
    course, units = setting["course"], setting["units"]
    person = teacher()
    client = as_user(person)
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Enrol" in page and reverse("courses:unit", args=[course.pk, units[0].pk]) not in page
    response = client.post(reverse("courses:enrol", args=[course.pk]), follow=True)
    assert "You are enrolled." in response.content.decode()
    for unit in units[:3]:
        done_url = reverse("courses:unit-done", args=[course.pk, unit.pk])
        page = client.get(reverse("courses:unit", args=[course.pk, unit.pk])).content.decode()
        assert unit.title in page and "Mark as done" in page
        response = client.post(done_url, {"done": "1"}, follow=True)
    assert "Congratulations: you completed the course!" in response.content.decode()
    page = client.get(course.get_absolute_url()).content.decode()
    assert "3 of 3 required units done (100 %)" in page
    assert Enrolment.objects.get(course=course, user=person).completed_at is not None


def test_the_unit_page_marks_not_done_again_and_links_its_neighbours(setting):
    course, units, learner = setting["course"], setting["units"], setting["learner"]
    client = as_user(learner)
    url = reverse("courses:unit", args=[course.pk, units[1].pk])
    client.post(reverse("courses:unit-done", args=[course.pk, units[1].pk]), {"done": "1"})
    page = client.get(url).content.decode()
    assert "Mark as not done" in page
    assert "Previous: Unit 1" in page and "Next: Unit 3" in page
    response = client.post(
        reverse("courses:unit-done", args=[course.pk, units[1].pk]), {"done": "0"}, follow=True
    )
    assert "The unit is marked not done." in response.content.decode()
    assert not UnitCompletion.objects.exists()


def test_the_video_plays_embedded_in_the_services_privacy_friendly_player(setting):
    course, units = setting["course"], setting["units"]
    page = as_user(setting["learner"]).get(reverse("courses:unit", args=[course.pk, units[0].pk]))
    html = page.content.decode()
    assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert 'title="Video of “Unit 1” on YouTube"' in html
    # That page, and only that page, lets the player's frame in.
    assert "frame-src https://www.youtube-nocookie.com" in page["Content-Security-Policy"]


def test_pages_without_a_video_allow_no_frames(setting):
    course, units = setting["course"], setting["units"]
    client = as_user(setting["learner"])
    for url in (
        reverse("courses:unit", args=[course.pk, units[1].pk]),
        course.get_absolute_url(),
    ):
        page = client.get(url)
        assert "<iframe" not in page.content.decode()
        assert "frame-src" not in page["Content-Security-Policy"]


def test_the_learner_sees_their_progress_on_the_course_page(setting):
    course, units, learner = setting["course"], setting["units"], setting["learner"]
    services.mark_unit_done(actor=learner, unit=units[0])
    page = as_user(learner).get(course.get_absolute_url()).content.decode()
    assert "Your progress" in page
    assert "1 of 3 required units done (33 %)" in page
    assert "Leave the course" in page


def test_the_team_sees_each_learners_progress(setting):
    course, units, learner = setting["course"], setting["units"], setting["learner"]
    services.mark_unit_done(actor=learner, unit=units[0])
    url = reverse("courses:progress", args=[course.pk])
    for runner in (setting["team"], setting["organiser"]):
        page = as_user(runner).get(url).content.decode()
        assert learner.display_name() in page
        assert "1 / 3 (33 %)" in page
    assert as_user(learner).get(url).status_code == 403
    assert as_user(teacher()).get(url).status_code == 403


def test_unit_files_are_private_to_the_learners_and_the_team(setting):
    course, unit, stored = setting["course"], setting["units"][0], setting["file"]
    url = reverse("courses:unit-file", args=[course.pk, unit.pk, stored.pk])
    for person in (setting["learner"], setting["team"], setting["organiser"]):
        response = as_user(person).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 the worksheet"
        assert response["Content-Disposition"].startswith("attachment")
    for person in (teacher(), nss("FR")):
        assert as_user(person).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    # Pupils are kept out of the courses altogether.
    assert as_user(PupilFactory()).get(url)["Location"] == reverse("core:desktop")


def test_a_left_learner_loses_the_files(setting):
    course, unit, stored = setting["course"], setting["units"][0], setting["file"]
    services.leave_course(actor=setting["learner"], course=course)
    url = reverse("courses:unit-file", args=[course.pk, unit.pk, stored.pk])
    assert as_user(setting["learner"]).get(url).status_code == 404


def test_a_unit_is_refused_to_non_learners_with_the_reason(setting):
    course, unit = setting["course"], setting["units"][0]
    response = as_user(teacher()).get(reverse("courses:unit", args=[course.pk, unit.pk]))
    assert response.status_code == 403
    assert "enrol to study them" in response.content.decode()


def test_a_draft_is_not_found_by_others():
    organiser = nss("ES")
    with time_machine.travel(T0, tick=False):
        course = services.create_course(
            actor=organiser,
            title="Draft",
            summary="Not yet",
            description="<p>Soon</p>",
            language=Language.objects.get(code="en"),
            enrolment_opens_at=OPENS,
        )
    assert as_user(teacher()).get(course.get_absolute_url()).status_code == 404
    assert as_user(organiser).get(course.get_absolute_url()).status_code == 200


def test_enrolment_refused_on_the_page_with_the_reason(setting):
    page = as_user(teacher(state=User.State.WAITING_VALIDATION)).get(
        setting["course"].get_absolute_url()
    )
    assert "Only validated teachers can enrol in online courses." in page.content.decode()
    response = as_user(setting["learner"]).post(
        reverse("courses:enrol", args=[setting["course"].pk]), follow=True
    )
    assert "You are already enrolled in this course." in response.content.decode()


def test_staff_create_a_course_add_units_and_publish_through_the_pages(frozen):
    organiser = css()
    client = as_user(organiser)
    response = client.post(
        reverse("courses:create"),
        {
            "title": "Media literacy",
            "summary": "Spot the fakes.",
            "description": "<p>Four units.</p>",
            "language": Language.objects.get(code="en").pk,
            "pacing": "self_paced",
            "enrolment_opens_at": "2027-03-01T10:00",
            "team": "",
        },
    )
    course = Course.objects.get(title="Media literacy")
    assert response.status_code == 302 and course.country is None
    response = client.post(
        reverse("courses:unit-new", args=[course.pk]),
        {"title": "What is news?", "body": "<p>Read</p>", "required": "on", "video_url": ""},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("courses:unit-new", args=[course.pk]),
        {"title": "Bad video", "video_url": "https://example.org/v/1"},
    )
    assert "videos of other sites cannot be shown" in response.content.decode()
    assert Unit.objects.filter(course=course).count() == 1
    manage = client.get(reverse("courses:manage", args=[course.pk])).content.decode()
    assert "What is news?" in manage and "Publish the course" in manage
    response = client.post(reverse("courses:publish", args=[course.pk]), follow=True)
    assert "The course is published." in response.content.decode()


def test_the_editing_pages_are_closed_to_teachers(setting):
    course = setting["course"]
    for name in ("courses:manage", "courses:edit", "courses:unit-new"):
        assert as_user(teacher()).get(reverse(name, args=[course.pk])).status_code == 403
    assert as_user(teacher()).get(reverse("courses:create")).status_code == 403


def test_the_team_edits_without_the_team_and_country_fields(setting):
    page = as_user(setting["team"]).get(reverse("courses:edit", args=[setting["course"].pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'name="title"' in html
    assert 'name="team"' not in html and 'name="country"' not in html


# --- queries at 5 and 500 learners -----------------------------------------------------


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


def bulk_learners(course: Course, units: list[Unit], count: int, tag: str) -> None:
    """``count`` enrolled teachers (rows only: the background of a busy course), each
    with the first unit done."""
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                username=f"{tag}-{n}",
                first_name="Learner",
                last_name=f"{tag} {n}",
                email=f"{tag}-{n}@example.org",
                kind=User.Kind.TEACHER,
                state=User.State.VALIDATED,
                email_verified_at=now,
            )
            for n in range(count)
        ]
    )
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(course=course, user=user, enrolled_at=now) for user in users]
    )
    UnitCompletion.objects.bulk_create(
        [UnitCompletion(enrolment=enrolment, unit=units[0]) for enrolment in enrolments]
    )


def measure(size: int, tag: str) -> dict[str, int]:
    organiser, learner = nss("ES", username=f"nss-{tag}"), teacher(username=f"learner-{tag}")
    with time_machine.travel(T0, tick=False):
        course, units = published_course(actor=organiser, title=f"Course {tag}")
    services.enrol(actor=learner, course=course)
    services.mark_unit_done(actor=learner, unit=units[0])
    bulk_learners(course, units, size - 1, tag)
    them, runner = as_user(learner), as_user(organiser)
    return {
        "list": count_queries(Client(), reverse("courses:list")),
        "detail, visitor": count_queries(Client(), course.get_absolute_url()),
        "detail, learner": count_queries(them, course.get_absolute_url()),
        "detail, organiser": count_queries(runner, course.get_absolute_url()),
        "unit, learner": count_queries(
            them, reverse("courses:unit", args=[course.pk, units[0].pk])
        ),
        "progress": count_queries(runner, reverse("courses:progress", args=[course.pk])),
        "manage": count_queries(runner, reverse("courses:manage", args=[course.pk])),
        "desktop": count_queries(them, reverse("core:desktop")),
    }


def test_pages_ask_as_many_queries_with_500_learners_as_with_5(frozen):
    small = measure(SMALL, "small")
    large = measure(LARGE, "large")
    assert large == small

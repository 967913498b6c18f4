"""The courses' services (issue 11, item 3): creating and editing a course and its units,
enrolment, "mark as done" and completion (``CourseCompleted`` exactly once), the video
allow-list, and bad input that changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEntry, Country, Notification
from core.plugins import hookimpl
from plugins.mooc.courses import queries, services
from plugins.mooc.models.courses import Course, Enrolment, Unit, UnitCompletion, UnitFile
from tests.factories.mooc_courses import (
    OPENS,
    T0,
    css,
    new_course,
    nss,
    published_course,
    teacher,
    unit_file,
)

pytestmark = pytest.mark.django_db

DURING = OPENS + timedelta(hours=2)


class CompletionListener:
    """An inline plugin recording the CourseCompleted events it receives."""

    def __init__(self):
        self.events = []

    @hookimpl
    def on_course_completed(self, event):
        self.events.append(event)


@pytest.fixture
def organiser():
    return nss("ES")


@pytest.fixture
def listener(register_plugin):
    return register_plugin(CompletionListener(), "course-completion-listener")


def _course(organiser, **fields):
    with time_machine.travel(T0, tick=False):
        return published_course(actor=organiser, **fields)


def _enrolled(course):
    learner = teacher()
    with time_machine.travel(DURING, tick=False):
        services.enrol(actor=learner, course=course)
    return learner


def _mark(learner, *units):
    with time_machine.travel(DURING, tick=False):
        for unit in units:
            services.mark_unit_done(actor=learner, unit=unit)


def test_course_completed_goes_out_exactly_once(
    organiser, listener, django_capture_on_commit_callbacks
):
    course, units = _course(organiser, units=2, optional=1)
    learner = _enrolled(course)
    with django_capture_on_commit_callbacks(execute=True):
        _mark(learner, units[0])
        assert listener.events == []
        # The optional unit is not needed.
        _mark(learner, units[1])
        with time_machine.travel(DURING, tick=False):
            services.unmark_unit_done(actor=learner, unit=units[1])
        _mark(learner, units[1])
        _mark(learner, units[2])
    assert [(e.course_id, e.user_id, e.title) for e in listener.events] == [
        (course.pk, learner.pk, course.title)
    ]
    enrolment = Enrolment.objects.get(course=course, user=learner)
    assert enrolment.completed_at is not None
    assert Notification.objects.filter(user=learner, kind="mooc.course_completed").count() == 1
    assert AuditEntry.objects.filter(action=services.COURSE_COMPLETED).count() == 1


def test_unmarking_keeps_a_completion(organiser, django_capture_on_commit_callbacks):
    course, units = _course(organiser, units=1)
    learner = _enrolled(course)
    _mark(learner, units[0])
    with time_machine.travel(DURING, tick=False):
        services.unmark_unit_done(actor=learner, unit=units[0])
    enrolment = Enrolment.objects.get(course=course, user=learner)
    assert enrolment.completed_at is not None
    progress = queries.progress(enrolment)
    assert (progress.done, progress.required, progress.completed) == (0, 1, True)


def test_a_unit_added_later_never_uncompletes(organiser, listener):
    course, units = _course(organiser, units=1)
    finished, halfway = _enrolled(course), _enrolled(course)
    _mark(finished, units[0])
    with time_machine.travel(DURING, tick=False):
        extra = services.add_unit(actor=organiser, course=course, title="A late addition")
    assert Enrolment.objects.get(user=finished).completed_at is not None
    assert Enrolment.objects.get(user=halfway).completed_at is None
    _mark(halfway, units[0])
    assert Enrolment.objects.get(user=halfway).completed_at is None
    _mark(halfway, extra)
    assert Enrolment.objects.get(user=halfway).completed_at is not None


def test_deleting_the_last_unit_not_done_completes_the_learners_who_did_the_rest(
    organiser, listener, django_capture_on_commit_callbacks
):
    course, units = _course(organiser, units=2)
    learner = _enrolled(course)
    _mark(learner, units[0])
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(DURING, tick=False):
        services.delete_unit(actor=organiser, unit=units[1])
    assert [event.user_id for event in listener.events] == [learner.pk]


def test_making_a_unit_optional_completes_the_learners_who_did_the_rest(organiser):
    course, units = _course(organiser, units=2)
    learner = _enrolled(course)
    _mark(learner, units[0])
    with time_machine.travel(DURING, tick=False):
        services.update_unit(actor=organiser, unit=units[1], required=False)
    assert Enrolment.objects.get(user=learner).completed_at is not None


def test_marking_twice_changes_nothing(organiser):
    course, units = _course(organiser, units=2)
    learner = _enrolled(course)
    _mark(learner, units[0], units[0])
    assert UnitCompletion.objects.count() == 1
    assert AuditEntry.objects.filter(action=services.UNIT_MARKED_DONE).count() == 1


def test_unmarking_a_unit_not_done_is_refused(organiser):
    course, units = _course(organiser, units=2)
    learner = _enrolled(course)
    with time_machine.travel(DURING, tick=False), pytest.raises(ValidationError) as refused:
        services.unmark_unit_done(actor=learner, unit=units[0])
    assert refused.value.messages == ["This unit is not marked done."]


def test_leaving_and_coming_back_keeps_the_progress(organiser):
    course, units = _course(organiser, units=3)
    learner = _enrolled(course)
    _mark(learner, units[0])
    with time_machine.travel(DURING, tick=False):
        left = services.leave_course(actor=learner, course=course)
        assert left.left_at is not None
        with pytest.raises(PermissionDenied):
            services.mark_unit_done(actor=learner, unit=units[1])
        back = services.enrol(actor=learner, course=course)
    assert back.pk == left.pk and back.left_at is None
    assert queries.progress(back).done == 1
    assert Enrolment.objects.count() == 1
    assert Notification.objects.filter(user=learner, kind="mooc.course_enrolled").count() == 2


def test_enrolling_twice_is_refused_with_a_reason(organiser):
    course, _units = _course(organiser)
    learner = _enrolled(course)
    with time_machine.travel(DURING, tick=False), pytest.raises(PermissionDenied) as refused:
        services.enrol(actor=learner, course=course)
    assert str(refused.value) == "You are already enrolled in this course."
    assert Enrolment.objects.count() == 1


def test_a_draft_cannot_be_enrolled_in(organiser):
    with time_machine.travel(T0, tick=False):
        draft = new_course(actor=organiser)
    with time_machine.travel(DURING, tick=False), pytest.raises(PermissionDenied) as refused:
        services.enrol(actor=teacher(), course=draft)
    assert str(refused.value) == "This course is not published yet."


def test_publishing_needs_a_required_unit_and_an_organiser(organiser):
    team_member = teacher()
    with time_machine.travel(T0, tick=False):
        course = new_course(actor=organiser, team=[team_member])
        with pytest.raises(ValidationError) as refused:
            services.publish_course(actor=organiser, course=course)
        assert refused.value.messages == [
            "Add at least one required unit before publishing the course."
        ]
        services.add_unit(actor=team_member, course=course, title="The first unit")
        with pytest.raises(PermissionDenied):
            services.publish_course(actor=team_member, course=course)
        services.publish_course(actor=organiser, course=course)
        with pytest.raises(ValidationError):
            services.publish_course(actor=organiser, course=course)
    course.refresh_from_db()
    assert course.published_at == T0
    assert AuditEntry.objects.filter(action=services.COURSE_PUBLISHED).count() == 1


def test_an_nss_creates_courses_of_its_country_and_the_css_european_ones(organiser):
    with time_machine.travel(T0, tick=False):
        spanish = new_course(actor=organiser)
        european = new_course(actor=css())
        with pytest.raises(ValidationError) as refused:
            new_course(actor=organiser, country=Country.objects.get(code="FR"))
    assert spanish.country.code == "ES"
    assert european.country is None
    assert refused.value.message_dict == {
        "country": ["You can organise courses for the countries you serve only."]
    }


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "Please give the course a title."),
        ({"description": "<script>x</script>"}, "description", "Please describe the course."),
        (
            {"enrolment_closes_at": OPENS - timedelta(hours=1)},
            "enrolment_closes_at",
            "Enrolment must close after it opens.",
        ),
        (
            {"pacing": Course.Pacing.COHORT},
            "starts_at",
            "A course with cohort dates needs its start and its end.",
        ),
        (
            {"pacing": Course.Pacing.COHORT, "starts_at": OPENS, "ends_at": OPENS},
            "ends_at",
            "The course must end after it starts.",
        ),
        ({"pacing": "weekly"}, "pacing", "Please choose self-paced or cohort dates."),
    ],
)
def test_bad_course_input_is_refused_and_changes_nothing(organiser, fields, field, message):
    with time_machine.travel(T0, tick=False), pytest.raises(ValidationError) as refused:
        new_course(actor=organiser, **fields)
    assert refused.value.message_dict == {field: [message]}
    assert not Course.objects.exists() and not AuditEntry.objects.exists()


def test_the_description_is_cleaned(organiser):
    with time_machine.travel(T0, tick=False):
        course = new_course(
            actor=organiser, description='<p onclick="x()">Hello <script>alert(1)</script></p>'
        )
    assert "onclick" not in course.description and "<script" not in course.description


@pytest.mark.parametrize(
    ("address", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        (
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
    ],
)
def test_videos_of_known_hosts_are_stored_as_given_and_played_without_tracking(
    organiser, address, embed
):
    course, _units = _course(organiser, units=1)
    with time_machine.travel(DURING, tick=False):
        unit = services.add_unit(actor=organiser, course=course, title="Watch", video_url=address)
    assert unit.video_url == address
    assert queries.video_of(unit.video_url).embed_url == embed


@pytest.mark.parametrize(
    "address",
    [
        "https://example.org/video/12",
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=<script>",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://user@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/channels/staffpicks",
        "javascript:alert(1)",
    ],
)
def test_videos_of_other_hosts_are_refused(organiser, address):
    _course_made, units = _course(organiser, units=1)
    with time_machine.travel(DURING, tick=False), pytest.raises(ValidationError) as refused:
        services.update_unit(actor=organiser, unit=units[0], video_url=address)
    (message,) = refused.value.message_dict["video_url"]
    assert message in (
        "Please give the https:// address of a video on YouTube or Vimeo: "
        "videos of other sites cannot be shown.",
        "Please give a web address starting with http:// or https://.",
    )
    units[0].refresh_from_db()
    assert units[0].video_url == ""


def test_units_move_up_and_down(organiser):
    course, units = _course(organiser, units=3)
    with time_machine.travel(DURING, tick=False):
        services.move_unit(actor=organiser, unit=units[2], direction="up")
        with pytest.raises(ValidationError) as refused:
            services.move_unit(actor=organiser, unit=units[0], direction="up")
    assert refused.value.messages == ["This unit is already the first."]
    order = list(queries.units_of(course).values_list("title", flat=True))
    assert order == ["Unit 1", "Unit 3", "Unit 2"]


def test_only_the_team_and_organisers_edit(organiser):
    course, units = _course(organiser, units=1)
    with time_machine.travel(DURING, tick=False):
        for call in (
            lambda: services.add_unit(actor=teacher(), course=course, title="Mine"),
            lambda: services.update_course(actor=teacher(), course=course, title="Mine"),
            lambda: services.delete_unit(actor=nss("FR"), unit=units[0]),
        ):
            with pytest.raises(PermissionDenied):
                call()
    assert Unit.objects.count() == 1


def test_the_team_cannot_change_the_team_or_the_country(organiser):
    team_member = teacher()
    course, _units = _course(organiser, team=[team_member])
    with time_machine.travel(DURING, tick=False):
        services.update_course(actor=team_member, course=course, title="A better title")
        with pytest.raises(PermissionDenied):
            services.update_course(actor=team_member, course=course, team=[])
    course.refresh_from_db()
    assert course.title == "A better title"
    assert list(course.team.all()) == [team_member]


def test_unit_files_are_checked_and_removed_with_their_unit(
    organiser, django_capture_on_commit_callbacks
):
    _course_made, units = _course(organiser, units=1)
    with time_machine.travel(DURING, tick=False):
        stored = unit_file(actor=organiser, unit=units[0])
        with pytest.raises(ValidationError) as refused:
            services.add_unit_file(
                actor=organiser,
                unit=units[0],
                file=SimpleUploadedFile("run.exe", b"MZ", content_type="application/x-msdownload"),
            )
        assert "Files of this type cannot be shared" in refused.value.messages[0]
        storage, name = stored.file.storage, stored.file.name
        assert storage.exists(name)
        with django_capture_on_commit_callbacks(execute=True):
            services.delete_unit(actor=organiser, unit=units[0])
    assert not UnitFile.objects.exists() and not storage.exists(name)

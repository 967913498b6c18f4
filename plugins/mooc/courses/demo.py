"""The courses' demo data, made through the services as people would make it.

The CSS (``css``) creates a European, self-paced course with three units, the demo
trainer (``trainer``) in its team, and publishes it; ``teacher.luc`` enrols and marks the
first unit done, and ``teacher.ana`` enrols and marks every unit done, which completes
the course for her (``CourseCompleted``: her certificate of participation). So the
notifications, the audit entries and the event are the real ones.

Safe to run again: the course is created once (by title, created by the CSS demo
account), and a learner is enrolled and marks a unit done only if they have not yet, so
a database seeded before a learner was added gains their progress and nothing else.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.models import Language, User
from plugins.mooc.courses import services
from plugins.mooc.models.courses import Course, Enrolment

ORGANISER = "css"
TEAM = "trainer"
TITLE = "Your first eTwinning project, step by step"
UNITS = (
    (
        "Find a partner school",
        "<p>Browse the partner-finding forum, write a short and precise offer, and answer "
        "the schools whose pupils match yours in age and interests.</p>",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ),
    (
        "Plan the project together",
        "<p>Agree on a theme, a calendar and the <strong>tools</strong> you will use, and "
        "write them down in the project's description.</p>",
        "",
    ),
    (
        "Run it in the TwinSpace",
        "<p>Invite your pupils, share the first activity and keep a diary of what works.</p>",
        "https://vimeo.com/76979871",
    ),
)

# Each learner and how many of the units (in order) they mark done.
LEARNERS = (("teacher.luc", 1), ("teacher.ana", len(UNITS)))


def _people() -> dict[str, User] | None:
    names = (ORGANISER, TEAM, *(username for username, _units in LEARNERS))
    people = {user.username: user for user in User.objects.filter(username__in=names)}
    return people if len(people) == len(names) else None


def _create_course(people: dict[str, User]) -> Course:
    organiser = people[ORGANISER]
    course = services.create_course(
        actor=organiser,
        title=TITLE,
        summary="Three short units from finding a partner to running the project.",
        description="<p>A self-paced course for teachers new to eTwinning.</p>",
        language=Language.objects.get(code="en"),
        enrolment_opens_at=timezone.now() - timedelta(days=7),
        team=[people[TEAM]],
    )
    for title, body, video in UNITS:
        services.add_unit(actor=organiser, course=course, title=title, body=body, video_url=video)
    services.publish_course(actor=organiser, course=course)
    return course


def _study(learner: User, course: Course, units_done: int) -> None:
    """``learner`` enrols (unless enrolled) and marks the first ``units_done`` units done
    (those not done yet)."""
    enrolment = Enrolment.objects.filter(course=course, user=learner).first()
    if enrolment is None:
        enrolment = services.enrol(actor=learner, course=course)
    elif enrolment.left_at is not None:
        return  # they left the course: their choice stands
    done = set(enrolment.completions.values_list("unit_id", flat=True))
    for unit in course.units.order_by("position", "pk")[:units_done]:
        if unit.pk not in done:
            services.mark_unit_done(actor=learner, unit=unit)


def _progress_line(username: str, units_done: int) -> str:
    if units_done >= len(UNITS):
        return f"{username} completed it"
    return f"{username} enrolled, {units_done} unit{'s' if units_done != 1 else ''} done"


def load_courses_demo_data() -> list[str]:
    """Create the demo course and its learners' progress, once."""
    people = _people()
    if people is None:
        return ["Courses: the demo people are missing; run core's demo data first."]
    with transaction.atomic():
        course = Course.objects.filter(title=TITLE, created_by=people[ORGANISER]).first()
        if course is None:
            course = _create_course(people)
        for username, units_done in LEARNERS:
            _study(people[username], course, units_done)
    progress = "; ".join(_progress_line(username, units) for username, units in LEARNERS)
    return [f"Courses: “{TITLE}” with three units; {progress}."]

"""The courses' demo data, made through the services as people would make it.

The CSS (``css``) creates a European, self-paced course with three units, the demo
trainer (``trainer``) in its team, and publishes it; ``teacher.luc`` enrols and marks the
first unit done, so the enrolment notification and the audit entries are the real ones.

Safe to run again: a course that exists (by title, created by the CSS demo account) is
left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.models import Language, User
from plugins.mooc.courses import services
from plugins.mooc.models.courses import Course

ORGANISER = "css"
TEAM = "trainer"
LEARNER = "teacher.luc"
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


def _people() -> dict[str, User] | None:
    names = (ORGANISER, TEAM, LEARNER)
    people = {user.username: user for user in User.objects.filter(username__in=names)}
    return people if len(people) == len(names) else None


def load_courses_demo_data() -> list[str]:
    """Create the demo course and one learner's progress, once."""
    people = _people()
    if people is None:
        return ["Courses: the demo people are missing; run core's demo data first."]
    organiser = people[ORGANISER]
    if Course.objects.filter(title=TITLE, created_by=organiser).exists():
        return [f"Courses: “{TITLE}” is already there."]
    with transaction.atomic():
        course = services.create_course(
            actor=organiser,
            title=TITLE,
            summary="Three short units from finding a partner to running the project.",
            description="<p>A self-paced course for teachers new to eTwinning.</p>",
            language=Language.objects.get(code="en"),
            enrolment_opens_at=timezone.now() - timedelta(days=7),
            team=[people[TEAM]],
        )
        units = [
            services.add_unit(
                actor=organiser, course=course, title=title, body=body, video_url=video
            )
            for title, body, video in UNITS
        ]
        services.publish_course(actor=organiser, course=course)
        learner = people[LEARNER]
        services.enrol(actor=learner, course=course)
        services.mark_unit_done(actor=learner, unit=units[0])
    return [f"Courses: “{TITLE}” with three units; {LEARNER} enrolled, one unit done."]

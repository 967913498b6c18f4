"""What the courses tell people: their notification kinds, their messages and the uids
of their items in people's calendars.

Titles and bodies are marked with ``gettext_noop`` and translated per recipient by
``core.notifications.notify_people``. Titles name the course, never a person.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.contrib import NotificationKind
from core.notifications import notify_people
from plugins.mooc.models.courses import Course, Unit

ENROLLED = "mooc.course_enrolled"
COMPLETED = "mooc.course_completed"

KINDS = [
    NotificationKind(ENROLLED, _("You enrolled in an online course")),
    NotificationKind(COMPLETED, _("You completed an online course")),
]

TITLE_ENROLLED = gettext_noop("You are enrolled in the course “%(course)s”")
BODY_ENROLLED = gettext_noop(
    "Welcome to the online course “%(course)s”. Open its units from the course page and "
    "mark each one done when you have finished it."
)
TITLE_COMPLETED = gettext_noop("You completed the course “%(course)s”")
BODY_COMPLETED = gettext_noop(
    "Congratulations: you finished every required unit of the online course “%(course)s”."
)


def calendar_uid(course: Course) -> str:
    """The uid of a cohort course's dates in its learners' calendars."""
    return f"mooc.course-{course.pk}"


def unit_calendar_uid(course: Course, unit: Unit) -> str:
    """The uid of the day a unit of a cohort course opens."""
    return f"mooc.course-{course.pk}.unit-{unit.pk}"


def notify_enrolled(course: Course, user) -> None:
    """Welcome a learner (a cohort course's dates go with it, for their calendar)."""
    notify_people(
        [user],
        kind=ENROLLED,
        title=TITLE_ENROLLED,
        body=BODY_ENROLLED,
        params={"course": course.title},
        url=course.get_absolute_url(),
        calendar_uid=calendar_uid(course) if course.pacing == Course.Pacing.COHORT else "",
    )


def notify_completed(course: Course, user) -> None:
    """Congratulate a learner who finished every required unit."""
    notify_people(
        [user],
        kind=COMPLETED,
        title=TITLE_COMPLETED,
        body=BODY_COMPLETED,
        params={"course": course.title},
        url=course.get_absolute_url(),
    )

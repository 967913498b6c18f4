"""Courses for the courses tests, made through the plugin's services.

A course is created, given units, published and taken the way its organisers and
learners would: ``create_course``, ``add_unit``, ``publish_course``, ``enrol``,
``mark_unit_done``. The fixed timeline below lets a test move with time-machine.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Language, User
from plugins.mooc.courses import services
from plugins.mooc.models.courses import Course, Unit
from tests.factories.meetings import css, nss, staff, teacher, unvalidated_teacher

__all__ = [
    "CLOSES",
    "ENDS",
    "OPENS",
    "STARTS",
    "T0",
    "cohort_course",
    "css",
    "new_course",
    "nss",
    "published_course",
    "staff",
    "teacher",
    "unit_file",
    "unvalidated_teacher",
]

# The course is created at T0; enrolment opens a day later and closes after two weeks;
# a cohort runs from a week after T0 for four weeks.
T0 = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
OPENS = T0 + timedelta(days=1)
CLOSES = T0 + timedelta(days=15)
STARTS = T0 + timedelta(days=7)
ENDS = T0 + timedelta(days=35)


def new_course(*, actor: User, team=(), **fields) -> Course:
    """A draft self-paced course created by ``actor`` through ``create_course``."""
    values = {
        "title": "Coding in the primary classroom",
        "summary": "Four weeks of unplugged activities and first programs.",
        "description": "<p>From unplugged games to <strong>first programs</strong>.</p>",
        "language": Language.objects.get(code="en"),
        "enrolment_opens_at": OPENS,
        "enrolment_closes_at": CLOSES,
        "team": team,
    }
    values.update(fields)
    return services.create_course(actor=actor, **values)


def cohort_fields(**fields) -> dict:
    return {"pacing": Course.Pacing.COHORT, "starts_at": STARTS, "ends_at": ENDS, **fields}


def published_course(
    *, actor: User, units: int = 3, optional: int = 0, team=(), **fields
) -> tuple[Course, list[Unit]]:
    """A course with ``units`` required units (then ``optional`` optional ones), published
    by ``actor`` (an organiser)."""
    course = new_course(actor=actor, team=team, **fields)
    made = [
        services.add_unit(
            actor=actor,
            course=course,
            title=f"Unit {number}",
            body=f"<p>What unit {number} teaches.</p>",
        )
        for number in range(1, units + 1)
    ]
    made += [
        services.add_unit(
            actor=actor,
            course=course,
            title=f"Going further {number}",
            body="<p>For the curious.</p>",
            required=False,
        )
        for number in range(1, optional + 1)
    ]
    services.publish_course(actor=actor, course=course)
    course.refresh_from_db()
    return course, made


def cohort_course(*, actor: User, **fields) -> tuple[Course, list[Unit]]:
    return published_course(actor=actor, **cohort_fields(**fields))


def unit_file(*, actor: User, unit: Unit, name: str = "worksheet.pdf", content: bytes = b"%PDF-1"):
    """A file added to ``unit`` through the service."""
    return services.add_unit_file(
        actor=actor,
        unit=unit,
        file=SimpleUploadedFile(name, content, content_type="application/pdf"),
        title="Worksheet",
    )

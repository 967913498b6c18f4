"""What the courses hold about one person, for export and erasure (the privacy hook).

A learner's enrolments and the units they marked done are theirs: erasure deletes them
(the course's counts shrink; a ``CourseCompleted`` already delivered stays with the
listeners, which erase their own records). Learners never upload files. What the person
made for others as a member of a course's team (courses, files) stays, without a link
to them, and they leave every team. Safe to run twice.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.models import User
from plugins.mooc.models.courses import Course, Enrolment, UnitCompletion, UnitFile


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export_courses_data(user: User) -> dict[str, Any]:
    """Every enrolment of ``user``, the units they did, and the courses they run."""
    enrolments = list(Enrolment.objects.filter(user=user).select_related("course"))
    done: dict[int, list[dict]] = {}
    completions = UnitCompletion.objects.filter(enrolment__user=user).select_related("unit")
    for completion in completions.order_by("completed_at", "pk"):
        done.setdefault(completion.enrolment_id, []).append(
            {"unit": completion.unit.title, "done": _when(completion.completed_at)}
        )
    return {
        "enrolments": [
            {
                "course": enrolment.course.title,
                "enrolled": _when(enrolment.enrolled_at),
                "left": _when(enrolment.left_at),
                "completed": _when(enrolment.completed_at),
                "units_done": done.get(enrolment.pk, []),
            }
            for enrolment in enrolments
        ],
        "courses_in_team": [course.title for course in Course.objects.filter(team=user)],
        "courses_created": [course.title for course in Course.objects.filter(created_by=user)],
        "unit_files_added": [
            {"unit": unit_file.unit.title, "title": unit_file.title}
            for unit_file in UnitFile.objects.filter(added_by=user).select_related("unit")
        ],
    }


def erase_courses_data(user: User) -> None:
    """Erase ``user``'s courses data as the module's docstring says."""
    with transaction.atomic():
        UnitCompletion.objects.filter(enrolment__user=user).delete()
        Enrolment.objects.filter(user=user).delete()
        Course.team.through.objects.filter(user=user).delete()
        Course.objects.filter(created_by=user).update(created_by=None)
        UnitFile.objects.filter(added_by=user).update(added_by=None)

"""The seminars' demo data, made through the services as people would make it.

The CSS (``css``) announces a European seminar starting in five days, so its
registration is open; ``teacher.ana`` and ``teacher.luc`` register through the service
(notifications and audit entries are the real ones). Safe to run again: a seminar that
exists (by title, created by the CSS demo account) is left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.models import Language, User
from plugins.mooc.models import Seminar
from plugins.mooc.seminars import services

ORGANISER = "css"
REGISTRANTS = ("teacher.ana", "teacher.luc")
UPCOMING_TITLE = "Artificial intelligence in school projects"


def _people() -> dict[str, User] | None:
    names = (ORGANISER, *REGISTRANTS)
    people = {user.username: user for user in User.objects.filter(username__in=names)}
    return people if len(people) == len(names) else None


def _upcoming_seminar(people: dict[str, User]) -> None:
    start = (timezone.now() + timedelta(days=5)).replace(minute=0, second=0, microsecond=0)
    seminar = services.create_seminar(
        actor=people[ORGANISER],
        title=UPCOMING_TITLE,
        description=(
            "<p>What AI tools can and cannot do in a project with partner schools: "
            "examples from three classrooms, and time for your questions.</p>"
        ),
        language=Language.objects.get(code="en"),
        country=None,
        starts_at=start,
        duration_minutes=60,
        capacity=50,
        live_link="https://video.example.org/opentwin/ai-in-school-projects",
        speakers=[
            {"name": "Maria Keller", "affiliation": "University of Education, Freiburg"},
            {"name": "Jonas Berg", "affiliation": "Teacher, Uppsala"},
        ],
    )
    seminar = services.publish_seminar(actor=people[ORGANISER], seminar=seminar)
    for username in REGISTRANTS:
        services.register(actor=people[username], seminar=seminar)


def load_seminars_demo_data() -> list[str]:
    """Create the demo seminar if missing; return the lines to print."""
    people = _people()
    if people is None:
        return ["Demo seminars skipped: the demo people css, teacher.ana, teacher.luc are missing."]
    if not Seminar.objects.filter(title=UPCOMING_TITLE, created_by=people[ORGANISER]).exists():
        with transaction.atomic():
            _upcoming_seminar(people)
    return [f"Demo seminar: {UPCOMING_TITLE} (registration open, two teachers registered)"]

"""Online seminars for the seminars tests, made through the plugin's services.

A seminar is created and announced by its organisers (``create_seminar``,
``publish_seminar``); teachers register through ``register``. Times are relative to a
fixed start, so a test moves along the timeline with time-machine.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from core.models import Country, Language, User
from plugins.mooc.models import Seminar
from plugins.mooc.seminars import services
from tests.factories.meetings import css, nss, staff, teacher, unvalidated_teacher

__all__ = [
    "announced_seminar",
    "css",
    "new_seminar",
    "nss",
    "staff",
    "teacher",
    "unvalidated_teacher",
]


def seminar_values(**fields) -> dict:
    values = {
        "title": "Coding in the primary classroom",
        "description": "<p>An hour of ideas for first steps in programming.</p>",
        "language": Language.objects.get(code="en"),
        "country": Country.objects.get(code="ES"),
        "starts_at": timezone.now() + timedelta(days=10),
        "duration_minutes": 60,
        "capacity": 20,
        "live_link": "https://video.example.org/room/42",
        "speakers": [{"name": "Ada Speaker", "affiliation": "University of Sevilla"}],
    }
    values.update(fields)
    return values


def new_seminar(*, actor: User, **fields) -> Seminar:
    """A draft seminar created by ``actor`` through ``create_seminar``."""
    return services.create_seminar(actor=actor, **seminar_values(**fields))


def announced_seminar(*, actor: User, starts_at: datetime | None = None, **fields) -> Seminar:
    """A seminar created and announced by ``actor``."""
    if starts_at is not None:
        fields["starts_at"] = starts_at
    seminar = new_seminar(actor=actor, **fields)
    return services.publish_seminar(actor=actor, seminar=seminar)

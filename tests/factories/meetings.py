"""People and meetings for the meetings tests, made through the plugin's services.

A meeting is created, announced and filled the way its organisers and teachers would:
``create_meeting``, ``publish_meeting``, ``register``. Dates are relative to now, so a
test moves through the phases with time-machine.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from core.models import Country, Language, Level, StaffRole, User
from plugins.meetings import services
from plugins.meetings.models import Meeting
from tests.factories import TeacherFactory, UserFactory


def staff(role: str, *, country_code: str | None = None, **fields) -> User:
    """A staff person holding ``role`` (an NSS role needs ``country_code``)."""
    user = UserFactory(kind=User.Kind.STAFF, **fields)
    StaffRole.objects.create(
        user=user,
        role=role,
        country=Country.objects.get(code=country_code) if country_code else None,
    )
    return user


def trainer(**fields) -> User:
    return staff(StaffRole.Role.TRAINER, **fields)


def nss(country_code: str = "ES", **fields) -> User:
    return staff(StaffRole.Role.NSS, country_code=country_code, **fields)


def css(**fields) -> User:
    return staff(StaffRole.Role.CSS, **fields)


def teacher(**fields) -> User:
    """A validated teacher of a school."""
    return TeacherFactory(**fields)


def unvalidated_teacher(**fields) -> User:
    return TeacherFactory(state=User.State.WAITING_VALIDATION, **fields)


def meeting_times(start: datetime | None = None) -> dict[str, datetime]:
    """Registration opens in a day, closes when the active phase starts in a week; then
    five days of active phase and five of reflection (the defaults)."""
    start = start or timezone.now() + timedelta(days=7)
    return {
        "registration_opens_at": start - timedelta(days=6),
        **Meeting.default_times(start),
    }


def new_meeting(*, actor: User, capacity: int = 20, trainers=(), **fields) -> Meeting:
    """A draft meeting created by ``actor`` through ``create_meeting``."""
    values = {
        "title": "Project-based learning with eTwinning",
        "topic": "Project-based learning",
        "description": "Five days of activities and discussions, then five of reflection.",
        "language": Language.objects.get(code="en"),
        "levels": list(Level.objects.filter(code="primary")),
        "trainers": trainers,
        "capacity": capacity,
        **meeting_times(),
    }
    values.update(fields)
    return services.create_meeting(actor=actor, **values)


def announced_meeting(*, actor: User, **fields) -> Meeting:
    """A meeting created and published by ``actor`` (a trainer: it trains it)."""
    meeting = new_meeting(actor=actor, **fields)
    return services.publish_meeting(actor=actor, meeting=meeting)

"""Background work of the online seminars, run by django-q2's scheduler every few minutes.

Each body is idempotent and catches up after downtime (see ``services``).
"""

from __future__ import annotations

from plugins.mooc.seminars import services


def open_registrations() -> int:
    """Tell those who asked that a seminar's registration has opened."""
    return services.open_due_registrations()


def send_reminders() -> int:
    """Remind registrants the day before and an hour before."""
    return services.send_due_reminders()


def close_attendance() -> int:
    """Announce the attendances of the seminars that have ended (SeminarAttended)."""
    return services.close_due_attendance()

"""The mooc plugin's settings, each with its default (DOMAIN.md §6); set them in the
Django settings to change them."""

from __future__ import annotations

from django.conf import settings


def registration_days() -> int:
    """Registration for a seminar opens this many days before its start."""
    return int(getattr(settings, "OPENTWIN_SEMINAR_REGISTRATION_DAYS", 7))


def link_minutes() -> int:
    """Registrants see a seminar's live link from this many minutes before its start."""
    return int(getattr(settings, "OPENTWIN_SEMINAR_LINK_MINUTES", 15))


def new_teacher_months() -> int:
    """A teacher who joined the platform less than this many months ago is new to the
    programme (the default first priority of a call for events)."""
    return int(getattr(settings, "OPENTWIN_NEW_TEACHER_MONTHS", 12))

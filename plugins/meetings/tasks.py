"""Background work of the meetings plugin, run by django-q2's scheduler."""

from __future__ import annotations

from plugins.meetings import services


def advance_meeting_phases() -> int:
    """Switch the meetings whose next phase is due; idempotent, catches up after downtime."""
    return services.advance_meetings()

"""Typed domain events and their delivery after commit.

A service calls :func:`emit` inside its transaction; the event reaches the
``on_*`` hooks only once that transaction has committed, and never if it rolls
back. Each event carries a unique ``event_id`` so listeners can be idempotent.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import ClassVar

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every event: ``hook_name`` is the ``on_*`` hook that receives it."""

    hook_name: ClassVar[str] = ""
    event_id: uuid.UUID = field(default_factory=uuid.uuid4)
    occurred_at: datetime = field(default_factory=timezone.now)


# --- accounts -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TeacherValidated(Event):
    """A teacher's registration was validated by their NSS."""

    hook_name: ClassVar[str] = "on_teacher_validated"
    user_id: int
    school_id: int | None
    country_code: str


@dataclass(frozen=True, kw_only=True)
class UserDataErased(Event):
    """A user's personal data was erased (on request or after long inactivity)."""

    hook_name: ClassVar[str] = "on_user_data_erased"
    user_id: int


# --- projects -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ProjectEvent(Event):
    """Fields every project event carries."""

    hook_name: ClassVar[str] = ""
    project_id: int
    title: str
    founder_ids: tuple[int, ...]
    is_european: bool


@dataclass(frozen=True, kw_only=True)
class ProjectSubmitted(ProjectEvent):
    """Both founders agreed: the project waits for approval by their NSSs."""

    hook_name: ClassVar[str] = "on_project_submitted"


@dataclass(frozen=True, kw_only=True)
class ProjectApproved(ProjectEvent):
    """Every founder's NSS approved the project: its TwinSpace is open."""

    hook_name: ClassVar[str] = "on_project_approved"


@dataclass(frozen=True, kw_only=True)
class ProjectRejected(ProjectEvent):
    """The co-founder or an NSS rejected the project."""

    hook_name: ClassVar[str] = "on_project_rejected"
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ProjectClosed(ProjectEvent):
    """The project's administrators closed it."""

    hook_name: ClassVar[str] = "on_project_closed"


# --- professional development ---------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MeetingCompleted(Event):
    """A participant completed a teaching meeting (earns a certificate)."""

    hook_name: ClassVar[str] = "on_meeting_completed"
    meeting_id: int
    user_id: int
    title: str


@dataclass(frozen=True, kw_only=True)
class SeminarAttended(Event):
    """A registrant attended an online seminar (earns a certificate)."""

    hook_name: ClassVar[str] = "on_seminar_attended"
    seminar_id: int
    user_id: int
    title: str


def emit(event: Event, *, using: str | None = None) -> None:
    """Deliver ``event`` to its ``on_*`` listeners once the current transaction commits."""
    if not getattr(event, "hook_name", ""):
        raise TypeError(f"{type(event).__name__} names no hook; it cannot be emitted.")
    transaction.on_commit(partial(deliver, event), using=using)


def deliver(event: Event) -> None:
    """Call every listener of ``event``; one failing listener does not silence the others."""
    from core.plugins import get_plugin_manager

    caller = getattr(get_plugin_manager().hook, event.hook_name)
    for implementation in caller.get_hookimpls():
        try:
            implementation.function(event=event)
        except Exception:
            logger.exception(
                "Listener %s of %s failed for event %s",
                implementation.plugin_name,
                event.hook_name,
                event.event_id,
            )

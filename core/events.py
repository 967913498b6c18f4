"""Typed domain events: what happened, as plain data a listener can use.

A service emits an event with :func:`core.event_delivery.emit` inside its
transaction; the event reaches the ``on_*`` hooks only once that transaction
has committed, and never if it rolls back. Each event carries a unique
``event_id`` so listeners can be idempotent.

This module holds data only and imports nothing of the plugin kernel, so the
hook specifications can name these types without an import cycle. An event
turns into JSON and back (:meth:`Event.to_payload`, :func:`event_from_payload`)
so that a delivery that failed can be stored and tried again later.
"""

from __future__ import annotations

import dataclasses
import types
import typing
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from django.utils import timezone


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every event: ``hook_name`` is the ``on_*`` hook that receives it."""

    hook_name: ClassVar[str] = ""
    event_id: uuid.UUID = field(default_factory=uuid.uuid4)
    occurred_at: datetime = field(default_factory=timezone.now)

    def to_payload(self) -> dict[str, Any]:
        """The event's fields as JSON-ready data: UUIDs and datetimes as strings, tuples
        as lists."""
        return {item.name: _to_json(getattr(self, item.name)) for item in dataclasses.fields(self)}


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
class ProjectTeacherJoined(Event):
    """A teacher became a teacher member of a project (accepted an invitation as a
    teacher, or was given a teacher's role). Founders are members from the start and
    never join."""

    hook_name: ClassVar[str] = "on_project_teacher_joined"
    project_id: int
    title: str
    user_id: int


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
    # The ISO code of the organising NSS's country; empty when the CSS organised it.
    organiser_country_code: str = ""


@dataclass(frozen=True, kw_only=True)
class SeminarAttended(Event):
    """A registrant attended an online seminar (earns a certificate)."""

    hook_name: ClassVar[str] = "on_seminar_attended"
    seminar_id: int
    user_id: int
    title: str
    # The ISO code of the organising NSS's country; empty when the CSS organised it.
    organiser_country_code: str = ""


@dataclass(frozen=True, kw_only=True)
class CourseCompleted(Event):
    """A learner completed every required unit of an online course (earns a certificate)."""

    hook_name: ClassVar[str] = "on_course_completed"
    course_id: int
    user_id: int
    title: str
    # The ISO code of the organising NSS's country; empty when the CSS organised it.
    organiser_country_code: str = ""


def event_class(name: str) -> type[Event]:
    """The event class called ``name`` (core's events and any subclass a plugin defines)."""
    pending = [Event]
    while pending:
        candidate = pending.pop()
        if candidate.__name__ == name and candidate.hook_name:
            return candidate
        pending.extend(candidate.__subclasses__())
    raise LookupError(f"No event class is called {name!r}.")


def event_from_payload(name: str, payload: dict[str, Any]) -> Event:
    """Rebuild the event of class ``name`` from :meth:`Event.to_payload`'s data."""
    cls = event_class(name)
    hints = typing.get_type_hints(cls)
    values = {
        item.name: _from_json(hints[item.name], payload[item.name])
        for item in dataclasses.fields(cls)
        if item.name in payload
    }
    return cls(**values)


def _to_json(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_to_json(item) for item in value]
    return value


def _from_json(hint: Any, value: Any) -> Any:
    """Turn JSON data back into the type a field declares (``X | None`` included)."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        kinds = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _from_json(kinds[0], value) if len(kinds) == 1 else value
    if origin is tuple:
        args = typing.get_args(hint)
        item_hint = args[0] if args else Any
        return tuple(_from_json(item_hint, item) for item in value)
    if hint is uuid.UUID:
        return uuid.UUID(value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    return value

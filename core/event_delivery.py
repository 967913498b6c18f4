"""Delivering events to their ``on_*`` listeners through pluggy, and retrying failures.

The contract (docs/hooks.md, "Events"):

- :func:`emit` delivers after the emitting transaction commits, never on rollback.
- Delivery goes through pluggy's hook caller, so hook wrappers run, a listener may
  name fewer arguments than the specification (even none), and listeners are called
  in pluggy's order: the last registered first, ``tryfirst`` ones before and
  ``trylast`` ones after the others.
- One failing listener does not stop the others. pluggy itself stops a hook call at
  the first exception, so each listener gets its own call: a subset hook caller
  that leaves out every *other* listener but keeps the wrappers. A wrapper therefore
  wraps each listener's delivery separately.
- A listener that raises is recorded durably (:class:`EventDeliveryFailure`) and
  :func:`retry_due_failures`, run by a scheduled task, delivers the event again to
  that listener only, with back-off, until it succeeds or the attempts run out.
"""

from __future__ import annotations

import logging
import traceback
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Least
from django.utils import timezone

from core import audit
from core.events import Event, event_from_payload
from core.models import EventDeliveryFailure
from core.plugins import get_plugin_manager

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pluggy import HookImpl

    from core.models import User

logger = logging.getLogger(__name__)

# How long to wait before each retry; the first delivery is attempt 1.
RETRY_DELAYS = (
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=24),
)
MAX_DELIVERY_ATTEMPTS = 1 + len(RETRY_DELAYS)
# A worker that dies during the last attempt leaves its claim; after this the row is
# given up instead of waiting for ever.
LAST_ATTEMPT_LEASE = timedelta(hours=1)
RETRY_BATCH_SIZE = 100
MAX_ERROR_LENGTH = 10_000

AUDIT_RETRY_REQUESTED = "events.retry_requested"


def emit(event: Event, *, using: str | None = None) -> None:
    """Deliver ``event`` to its ``on_*`` listeners once the current transaction commits."""
    if not getattr(event, "hook_name", ""):
        raise TypeError(f"{type(event).__name__} names no hook; it cannot be emitted.")
    transaction.on_commit(partial(deliver, event), using=using)


def listeners(hook_name: str) -> list[HookImpl]:
    """The implementations of ``hook_name`` that receive events, in pluggy's call order."""
    caller = getattr(get_plugin_manager().hook, hook_name)
    # pluggy calls its list from the end: tryfirst last in the list, trylast first.
    return [
        implementation
        for implementation in reversed(caller.get_hookimpls())
        if not (implementation.wrapper or implementation.hookwrapper)
    ]


def deliver(event: Event) -> None:
    """Call every listener of ``event``; a failing one is logged and recorded for a retry."""
    for listener in listeners(event.hook_name):
        try:
            _deliver_to(listener, event)
        except Exception as error:
            logger.exception(
                "Listener %s of %s failed for event %s",
                listener.plugin_name,
                event.hook_name,
                event.event_id,
            )
            _record_failure(event, listener, error)


def retry_due_failures() -> int:
    """Deliver again every recorded failure whose next attempt is due; return how many
    succeeded. Safe to run in several workers at once."""
    now = timezone.now()
    # Claimed for the last attempt by a worker that never reported back.
    EventDeliveryFailure.objects.filter(
        state=EventDeliveryFailure.State.PENDING,
        attempts__gte=MAX_DELIVERY_ATTEMPTS,
        next_attempt_at__lte=now,
    ).update(state=EventDeliveryFailure.State.GIVEN_UP, next_attempt_at=None, resolved_at=now)
    due = list(
        EventDeliveryFailure.objects.filter(
            state=EventDeliveryFailure.State.PENDING,
            attempts__lt=MAX_DELIVERY_ATTEMPTS,
            next_attempt_at__lte=now,
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:RETRY_BATCH_SIZE]
    )
    return sum(retry_failure(failure_id) == "done" for failure_id in due)


def retry_failure(failure_id: int) -> str:
    """Try one recorded failure again if it is due; return ``done``, ``failed``,
    ``given_up`` or ``skipped`` (not due, or another worker claimed it first)."""
    now = timezone.now()
    failure = EventDeliveryFailure.objects.filter(pk=failure_id).first()
    if (
        failure is None
        or failure.state != EventDeliveryFailure.State.PENDING
        or failure.attempts >= MAX_DELIVERY_ATTEMPTS
    ):
        return "skipped"
    attempt = failure.attempts + 1
    is_last = attempt >= MAX_DELIVERY_ATTEMPTS
    next_attempt_at = now + (LAST_ATTEMPT_LEASE if is_last else RETRY_DELAYS[attempt - 1])
    # The claim: only one worker moves this row from "due" to "next attempt later".
    claimed = EventDeliveryFailure.objects.filter(
        pk=failure.pk,
        state=EventDeliveryFailure.State.PENDING,
        attempts=failure.attempts,
        next_attempt_at__lte=now,
    ).update(attempts=attempt, last_attempt_at=now, next_attempt_at=next_attempt_at)
    if not claimed:
        return "skipped"
    try:
        event = event_from_payload(failure.event_type, failure.payload)
        listener = _find_listener(failure)
        if listener is None:
            raise LookupError(
                f"No listener {failure.listener!r} ({failure.listener_function}) of "
                f"{failure.hook_name} is registered."
            )
        _deliver_to(listener, event)
    except Exception as error:
        logger.exception(
            "Retry %d of listener %s for event %s failed",
            attempt,
            failure.listener,
            failure.event_id,
        )
        EventDeliveryFailure.objects.filter(pk=failure.pk).update(
            error=_describe(error),
            state=(
                EventDeliveryFailure.State.GIVEN_UP
                if is_last
                else EventDeliveryFailure.State.PENDING
            ),
            next_attempt_at=None if is_last else next_attempt_at,
            resolved_at=now if is_last else None,
        )
        return "given_up" if is_last else "failed"
    EventDeliveryFailure.objects.filter(pk=failure.pk).update(
        state=EventDeliveryFailure.State.DONE, next_attempt_at=None, resolved_at=timezone.now()
    )
    return "done"


def retry_now(*, actor: User, failure_ids: Iterable[int]) -> int:
    """Deliver the chosen failures again at once, once their cause is fixed; a failure
    that was given up gets one more attempt. Return how many were delivered."""
    if not actor.is_superuser:
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        chosen = list(
            EventDeliveryFailure.objects.filter(pk__in=list(failure_ids)).exclude(
                state=EventDeliveryFailure.State.DONE
            )
        )
        EventDeliveryFailure.objects.filter(pk__in=[failure.pk for failure in chosen]).update(
            state=EventDeliveryFailure.State.PENDING,
            next_attempt_at=now,
            resolved_at=None,
            attempts=Least(F("attempts"), MAX_DELIVERY_ATTEMPTS - 1),
        )
        for failure in chosen:
            audit.record(AUDIT_RETRY_REQUESTED, actor=actor, target=failure)
    return sum(retry_failure(failure.pk) == "done" for failure in chosen)


def _deliver_to(listener: HookImpl, event: Event) -> None:
    """Call one listener through pluggy, with every wrapper of the hook around it."""
    others = [
        implementation.plugin
        for implementation in listeners(event.hook_name)
        if implementation.plugin is not listener.plugin
    ]
    get_plugin_manager().subset_hook_caller(event.hook_name, remove_plugins=others)(event=event)


def _function_path(listener: HookImpl) -> str:
    return f"{listener.function.__module__}.{listener.function.__qualname__}"


def _find_listener(failure: EventDeliveryFailure) -> HookImpl | None:
    """The listener a failure was recorded for; the function decides when plugin names
    moved (a hooks module added to or removed from a manifest renumbers them)."""
    candidates = listeners(failure.hook_name)
    for listener in candidates:
        if (
            listener.plugin_name == failure.listener
            and _function_path(listener) == failure.listener_function
        ):
            return listener
    for listener in candidates:
        if _function_path(listener) == failure.listener_function:
            return listener
    return None


def _describe(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))[-MAX_ERROR_LENGTH:]


def _record_failure(event: Event, listener: HookImpl, error: BaseException) -> None:
    now = timezone.now()
    try:
        EventDeliveryFailure.objects.get_or_create(
            event_id=event.event_id,
            listener=listener.plugin_name,
            defaults={
                "event_type": type(event).__name__,
                "hook_name": event.hook_name,
                "payload": event.to_payload(),
                "listener_function": _function_path(listener),
                "error": _describe(error),
                "attempts": 1,
                "created_at": now,
                "last_attempt_at": now,
                "next_attempt_at": now + RETRY_DELAYS[0],
            },
        )
    except Exception:
        # The database is unreachable too: the log line above is all that is left.
        logger.exception(
            "Could not record the failure of listener %s for event %s",
            listener.plugin_name,
            event.event_id,
        )

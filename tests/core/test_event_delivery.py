"""Events go through pluggy's hook caller; a failed listener is recorded and retried."""

from __future__ import annotations

import dataclasses
import json
import typing
import uuid
from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from core import events, tasks
from core.event_delivery import (
    MAX_DELIVERY_ATTEMPTS,
    RETRY_DELAYS,
    deliver,
    emit,
    retry_due_failures,
    retry_failure,
)
from core.events import Event, ProjectApproved, event_from_payload
from core.models import EventDeliveryFailure
from core.plugins import get_plugin_manager, hookimpl

pytestmark = pytest.mark.django_db


def approved(project_id: int = 7) -> ProjectApproved:
    return ProjectApproved(
        project_id=project_id, title="Water", founder_ids=(1, 2), is_european=True
    )


class Recorder:
    def __init__(self, log: list[str], name: str) -> None:
        self.log = log
        self.name = name

    @hookimpl
    def on_project_approved(self, event: ProjectApproved) -> None:
        self.log.append(self.name)


class Flaky:
    """Fails the first ``failures`` deliveries, then succeeds."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0
        self.received: list[ProjectApproved] = []

    @hookimpl
    def on_project_approved(self, event: ProjectApproved) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionError("the certificate service is down")
        self.received.append(event)


def test_a_hook_wrapper_runs_around_the_delivery(register_plugin):
    log: list[str] = []

    class NewStyleWrapper:
        @hookimpl(wrapper=True)
        def on_project_approved(self, event):
            log.append("wrapper before")
            result = yield
            log.append("wrapper after")
            return result

    class OldStyleWrapper:
        @hookimpl(hookwrapper=True)
        def on_project_approved(self, event):
            log.append("hookwrapper before")
            yield
            log.append("hookwrapper after")

    register_plugin(Recorder(log, "listener"), "listener")
    register_plugin(NewStyleWrapper(), "wrapper")
    register_plugin(OldStyleWrapper(), "hookwrapper")
    deliver(approved())
    # Each listener is delivered to on its own (a failure stops no other), so the wrappers
    # run around each; the installed plugins' listeners of this event get their own rounds.
    at = log.index("listener")
    assert log[at - 2 : at + 3] == [
        "hookwrapper before",
        "wrapper before",
        "listener",
        "wrapper after",
        "hookwrapper after",
    ]


def test_a_listener_that_names_no_argument_is_called(register_plugin):
    calls: list[str] = []

    class Quiet:
        @hookimpl
        def on_project_approved(self):
            calls.append("called")

    register_plugin(Quiet(), "quiet")
    deliver(approved())
    assert calls == ["called"]
    assert not EventDeliveryFailure.objects.exists()


def test_listeners_are_called_in_pluggys_order(register_plugin):
    log: list[str] = []

    class First(Recorder):
        @hookimpl(tryfirst=True)
        def on_project_approved(self, event):
            self.log.append(self.name)

    class Last(Recorder):
        @hookimpl(trylast=True)
        def on_project_approved(self, event):
            self.log.append(self.name)

    register_plugin(Last(log, "trylast"), "trylast")
    register_plugin(Recorder(log, "registered first"), "a")
    register_plugin(First(log, "tryfirst"), "tryfirst")
    register_plugin(Recorder(log, "registered last"), "b")
    get_plugin_manager().hook.on_project_approved(event=approved())
    pluggys_own_order = list(log)
    log.clear()
    deliver(approved())
    assert log == ["tryfirst", "registered last", "registered first", "trylast"]
    assert log == pluggys_own_order


def test_a_failing_listener_does_not_stop_the_others_and_is_recorded_for_a_retry(
    register_plugin, django_capture_on_commit_callbacks
):
    log: list[str] = []
    register_plugin(Recorder(log, "before"), "before")
    register_plugin(Flaky(failures=99), "flaky")
    register_plugin(Recorder(log, "after"), "after")
    event = approved()
    with django_capture_on_commit_callbacks(execute=True):
        emit(event)
    assert sorted(log) == ["after", "before"]
    failure = EventDeliveryFailure.objects.get()
    assert failure.event_type == "ProjectApproved"
    assert failure.event_id == event.event_id
    assert failure.hook_name == "on_project_approved"
    assert failure.listener == "flaky"
    assert failure.listener_function.endswith("Flaky.on_project_approved")
    assert "ConnectionError: the certificate service is down" in failure.error
    assert failure.attempts == 1
    assert failure.state == EventDeliveryFailure.State.PENDING
    assert failure.next_attempt_at == failure.last_attempt_at + RETRY_DELAYS[0]
    assert event_from_payload(failure.event_type, failure.payload) == event


def test_the_retry_task_delivers_the_event_later_to_that_listener_only(register_plugin):
    log: list[str] = []
    register_plugin(Recorder(log, "healthy"), "healthy")
    flaky = register_plugin(Flaky(failures=1), "flaky")
    event = approved()
    deliver(event)
    assert log == ["healthy"]
    assert tasks.retry_failed_event_deliveries() == 0, "retried before the retry was due"
    assert flaky.calls == 1
    with time_machine.travel(timezone.now() + RETRY_DELAYS[0] + timedelta(seconds=1)):
        assert tasks.retry_failed_event_deliveries() == 1
    assert flaky.received == [event]
    assert log == ["healthy"], "the healthy listener received the event twice"
    failure = EventDeliveryFailure.objects.get()
    assert failure.state == EventDeliveryFailure.State.DONE
    assert failure.attempts == 2
    assert failure.resolved_at is not None
    with time_machine.travel(timezone.now() + timedelta(days=7)):
        assert tasks.retry_failed_event_deliveries() == 0
    assert flaky.calls == 2


def test_retries_are_bounded_and_end_in_given_up(register_plugin):
    flaky = register_plugin(Flaky(failures=99), "flaky")
    deliver(approved())
    moment = timezone.now()
    for delay in RETRY_DELAYS:
        moment += delay + timedelta(seconds=1)
        with time_machine.travel(moment):
            assert retry_due_failures() == 0
    failure = EventDeliveryFailure.objects.get()
    assert flaky.calls == MAX_DELIVERY_ATTEMPTS
    assert failure.attempts == MAX_DELIVERY_ATTEMPTS
    assert failure.state == EventDeliveryFailure.State.GIVEN_UP
    assert failure.next_attempt_at is None
    with time_machine.travel(moment + timedelta(days=30)):
        assert retry_due_failures() == 0
    assert flaky.calls == MAX_DELIVERY_ATTEMPTS


def test_two_sweeps_at_once_do_not_deliver_the_same_failure_twice(register_plugin):
    flaky = register_plugin(Flaky(failures=1), "flaky")
    deliver(approved())
    failure = EventDeliveryFailure.objects.get()
    second_sweep: list[str] = []

    class ConcurrentSweep:
        @hookimpl(wrapper=True)
        def on_project_approved(self, event):
            # Another worker looks at the same row while this one is delivering it.
            second_sweep.append(retry_failure(failure.pk))
            return (yield)

    register_plugin(ConcurrentSweep(), "concurrent-sweep")
    with time_machine.travel(timezone.now() + RETRY_DELAYS[0] + timedelta(seconds=1)):
        assert retry_failure(failure.pk) == "done"
    assert second_sweep == ["skipped"]
    assert flaky.calls == 2
    assert len(flaky.received) == 1


def test_a_worker_that_died_on_the_last_attempt_leaves_the_failure_given_up(register_plugin):
    register_plugin(Flaky(failures=99), "flaky")
    deliver(approved())
    EventDeliveryFailure.objects.update(
        attempts=MAX_DELIVERY_ATTEMPTS, next_attempt_at=timezone.now() + timedelta(hours=1)
    )
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        retry_due_failures()
    assert EventDeliveryFailure.objects.get().state == EventDeliveryFailure.State.GIVEN_UP


def test_the_retry_task_is_scheduled():
    from core.schedules import contributed_tasks

    by_name = {task.name: task for task in contributed_tasks()}
    task = by_name["core.retry_failed_event_deliveries"]
    assert task.func == "core.tasks.retry_failed_event_deliveries"
    assert task.minutes == 5


def sample_value(hint):
    """A value of the declared type that differs from any default."""
    origin = typing.get_origin(hint)
    if origin is not None and type(None) in typing.get_args(hint):
        return sample_value(next(a for a in typing.get_args(hint) if a is not type(None)))
    if origin is tuple:
        return (3, 5)
    return {int: 42, str: "Água é vida", bool: True, uuid.UUID: uuid.uuid4()}.get(
        hint, timezone.now() - timedelta(days=1) if hint is datetime else None
    )


def event_classes() -> list[type[Event]]:
    return [
        value
        for value in vars(events).values()
        if isinstance(value, type) and issubclass(value, Event) and value.hook_name
    ]


@pytest.mark.parametrize("event_class", event_classes(), ids=lambda cls: cls.__name__)
def test_every_event_survives_being_stored_as_json(event_class):
    hints = typing.get_type_hints(event_class)
    event = event_class(
        **{item.name: sample_value(hints[item.name]) for item in dataclasses.fields(event_class)}
    )
    stored = json.loads(json.dumps(event.to_payload()))
    assert event_from_payload(event_class.__name__, stored) == event


def test_an_optional_field_left_empty_survives_being_stored_as_json():
    event = events.TeacherValidated(user_id=1, school_id=None, country_code="ES")
    stored = json.loads(json.dumps(event.to_payload()))
    assert event_from_payload("TeacherValidated", stored) == event

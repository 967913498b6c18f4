"""Events reach the ``on_*`` hooks after the transaction commits, never on rollback."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction

from core.event_delivery import emit
from core.events import Event, ProjectApproved, TeacherValidated
from core.plugins import hookimpl


class Recorder:
    def __init__(self) -> None:
        self.received: list[Event] = []

    @hookimpl
    def on_project_approved(self, event: ProjectApproved) -> None:
        self.received.append(event)


def approved(project_id: int = 7) -> ProjectApproved:
    return ProjectApproved(
        project_id=project_id, title="Water", founder_ids=(1, 2), is_european=True
    )


@pytest.mark.django_db
def test_event_is_delivered_only_after_the_transaction_commits(
    register_plugin, django_capture_on_commit_callbacks
):
    recorder = register_plugin(Recorder())
    event = approved()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        emit(event)
        assert recorder.received == [], "delivered inside the transaction"
    assert recorder.received == [event]


@pytest.mark.django_db
def test_event_is_never_delivered_when_the_transaction_rolls_back(
    register_plugin, django_capture_on_commit_callbacks
):
    recorder = register_plugin(Recorder())
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        emit(approved())
        raise RuntimeError("the service failed")
    assert callbacks == []
    assert recorder.received == []


@pytest.mark.django_db
def test_event_from_a_rolled_back_savepoint_is_dropped_but_the_outer_one_kept(
    register_plugin, django_capture_on_commit_callbacks
):
    recorder = register_plugin(Recorder())
    kept, dropped = approved(1), approved(2)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        emit(kept)
        with pytest.raises(RuntimeError), transaction.atomic():
            emit(dropped)
            raise RuntimeError
    assert recorder.received == [kept]


@pytest.mark.django_db(transaction=True)
def test_event_is_delivered_on_a_real_commit_and_not_on_a_real_rollback(register_plugin):
    recorder = register_plugin(Recorder())
    with pytest.raises(RuntimeError), transaction.atomic():
        emit(approved(1))
        raise RuntimeError
    assert recorder.received == []
    with transaction.atomic():
        emit(approved(2))
    assert [event.project_id for event in recorder.received] == [2]


@pytest.mark.django_db
def test_a_failing_listener_does_not_stop_the_others(
    register_plugin, django_capture_on_commit_callbacks, caplog
):
    class Broken:
        @hookimpl
        def on_project_approved(self, event):
            raise ValueError("listener bug")

    recorder = register_plugin(Recorder(), "recorder")
    register_plugin(Broken(), "broken")
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        emit(approved())
    assert len(recorder.received) == 1
    assert "Listener broken of on_project_approved failed" in caplog.text


@pytest.mark.django_db
def test_each_event_goes_only_to_its_own_hook(register_plugin, django_capture_on_commit_callbacks):
    recorder = register_plugin(Recorder())
    with django_capture_on_commit_callbacks(execute=True):
        emit(TeacherValidated(user_id=1, school_id=None, country_code="ES"))
    assert recorder.received == []


def test_every_event_has_a_unique_id_and_is_immutable():
    first, second = approved(), approved()
    assert first.event_id != second.event_id
    with pytest.raises(AttributeError):
        first.title = "changed"  # type: ignore[misc]


def test_every_event_class_names_an_existing_hook():
    from core import events, hookspecs

    event_classes = [
        value
        for value in vars(events).values()
        if isinstance(value, type) and issubclass(value, Event) and value.hook_name
    ]
    assert len(event_classes) >= 8
    for event_class in event_classes:
        assert hasattr(hookspecs, event_class.hook_name), event_class

"""Scheduled tasks contributed through the hook are synced into django-q2 idempotently."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_q.models import Schedule

from core.contrib import ScheduledTask
from core.plugins import hookimpl
from core.schedules import sync_schedules


def snapshot() -> list[tuple]:
    return list(
        Schedule.objects.order_by("name").values_list(
            "id", "name", "func", "schedule_type", "minutes", "cron", "repeats", "next_run"
        )
    )


class NightlyPlugin:
    def __init__(self, cron: str = "0 3 * * *") -> None:
        self.cron = cron

    @hookimpl
    def register_scheduled_tasks(self):
        return [
            ScheduledTask(
                name="test.nightly",
                func="core.tasks.sweep_pending_notification_emails",
                cron=self.cron,
            )
        ]


@pytest.mark.django_db
def test_sync_schedules_twice_gives_the_same_schedules():
    call_command("sync_schedules")
    first = snapshot()
    call_command("sync_schedules")
    assert snapshot() == first
    assert ("opentwin:core.sweep_notification_emails",) in [(row[1],) for row in first]


@pytest.mark.django_db
def test_a_contributed_cron_task_becomes_a_cron_schedule(register_plugin):
    register_plugin(NightlyPlugin())
    report = sync_schedules()
    assert "opentwin:test.nightly" in report.created
    schedule = Schedule.objects.get(name="opentwin:test.nightly")
    assert (schedule.schedule_type, schedule.cron, schedule.repeats) == (
        Schedule.CRON,
        "0 3 * * *",
        -1,
    )


@pytest.mark.django_db
def test_a_changed_task_is_updated_in_place(register_plugin):
    register_plugin(NightlyPlugin(), "nightly")
    sync_schedules()
    original = Schedule.objects.get(name="opentwin:test.nightly")
    from core.plugins import get_plugin_manager

    get_plugin_manager().unregister(name="nightly")
    register_plugin(NightlyPlugin("30 4 * * *"), "nightly-changed")
    report = sync_schedules()
    assert report.updated == ["opentwin:test.nightly"]
    updated = Schedule.objects.get(name="opentwin:test.nightly")
    assert (updated.pk, updated.cron) == (original.pk, "30 4 * * *")


@pytest.mark.django_db
def test_a_task_no_longer_contributed_is_removed_but_hand_made_schedules_stay(register_plugin):
    Schedule.objects.create(name="made by hand", func="math.floor", schedule_type=Schedule.DAILY)
    from core.plugins import get_plugin_manager

    register_plugin(NightlyPlugin(), "nightly")
    sync_schedules()
    get_plugin_manager().unregister(name="nightly")
    report = sync_schedules()
    assert report.removed == ["opentwin:test.nightly"]
    assert Schedule.objects.filter(name="made by hand").exists()


def test_a_scheduled_task_needs_exactly_one_of_cron_or_minutes():
    with pytest.raises(ValueError, match="exactly one"):
        ScheduledTask(name="x", func="f")
    with pytest.raises(ValueError, match="exactly one"):
        ScheduledTask(name="x", func="f", cron="* * * * *", minutes=5)


@pytest.mark.django_db
def test_two_tasks_with_one_name_are_refused(register_plugin):
    register_plugin(NightlyPlugin(), "one")
    register_plugin(NightlyPlugin(), "two")
    with pytest.raises(ValueError, match=r"Two scheduled tasks are named 'test\.nightly'"):
        sync_schedules()


def test_every_contributed_task_points_at_an_importable_function():
    from django.utils.module_loading import import_string

    from core.schedules import contributed_tasks

    for task in contributed_tasks():
        assert callable(import_string(task.func)), task.name

"""Keep django-q2's schedule table in line with the tasks that plugins contribute."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_q.models import Schedule

from core.contrib import ScheduledTask
from core.plugins import hook

# Schedules we manage carry this prefix, so schedules that operators add by hand
# in the admin are never touched.
NAME_PREFIX = "opentwin:"


@dataclass(frozen=True)
class SyncReport:
    created: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: list[str]


def contributed_tasks() -> list[ScheduledTask]:
    """Every scheduled task of core and the active plugins; names must be unique."""
    tasks: dict[str, ScheduledTask] = {}
    for contributions in hook().register_scheduled_tasks():
        for task in contributions:
            if task.name in tasks:
                raise ValueError(f"Two scheduled tasks are named {task.name!r}.")
            tasks[task.name] = task
    return sorted(tasks.values(), key=lambda task: task.name)


def _wanted_fields(task: ScheduledTask) -> dict[str, object]:
    if task.cron is not None:
        return {"func": task.func, "schedule_type": Schedule.CRON, "cron": task.cron,
                "minutes": None, "repeats": -1}  # fmt: skip
    return {"func": task.func, "schedule_type": Schedule.MINUTES, "cron": None,
            "minutes": task.minutes, "repeats": -1}  # fmt: skip


@transaction.atomic
def sync_schedules() -> SyncReport:
    """Create, update and remove managed schedules; running it twice changes nothing."""
    report = SyncReport(created=[], updated=[], removed=[], unchanged=[])
    wanted = {NAME_PREFIX + task.name: task for task in contributed_tasks()}
    existing = {s.name: s for s in Schedule.objects.filter(name__startswith=NAME_PREFIX)}
    for name, task in wanted.items():
        fields = _wanted_fields(task)
        schedule = existing.get(name)
        if schedule is None:
            Schedule.objects.create(name=name, **fields)
            report.created.append(name)
        elif any(getattr(schedule, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(schedule, key, value)
            schedule.save()
            report.updated.append(name)
        else:
            report.unchanged.append(name)
    for name in sorted(set(existing) - set(wanted)):
        existing[name].delete()
        report.removed.append(name)
    return report

"""Store the scheduled tasks of core and the active plugins in django-q2. Idempotent."""

from django.core.management.base import BaseCommand

from core.schedules import sync_schedules


class Command(BaseCommand):
    help = "Sync the scheduled tasks that core and the active plugins contribute into django-q2."

    def handle(self, *args, **options) -> None:
        report = sync_schedules()
        for label, names in (
            ("created", report.created),
            ("updated", report.updated),
            ("removed", report.removed),
            ("unchanged", report.unchanged),
        ):
            for name in names:
                self.stdout.write(f"{label:<9} {name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Schedules in sync: {len(report.created)} created, {len(report.updated)} "
                f"updated, {len(report.removed)} removed, {len(report.unchanged)} unchanged."
            )
        )

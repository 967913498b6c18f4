"""Load the demo data of core and every active plugin; safe to run again."""

from django.core.management.base import BaseCommand

from core.plugins import hook


class Command(BaseCommand):
    help = "Load demo data (countries, schools, a user of every role, portal pages). Idempotent."

    def handle(self, *args, **options) -> None:
        datasets = sorted(
            (dataset for datasets in hook().register_demo_data() for dataset in datasets),
            key=lambda dataset: (dataset.order, dataset.key),
        )
        for dataset in datasets:
            for line in dataset.load():
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({len(datasets)} datasets)."))

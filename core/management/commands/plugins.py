"""List the active plugins, their versions and the hooks they implement."""

import json

from django.core.management.base import BaseCommand

from core.plugins import describe_plugins


class Command(BaseCommand):
    help = "List the active plugins (core and cms are built in), versions and hooks."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args, **options) -> None:
        rows = describe_plugins()
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            requires = f"  requires: {', '.join(row['requires'])}" if row["requires"] else ""
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"{row['name']} {row['version']}{requires}")
            )
            self.stdout.write(f"  {row['description']}")
            hooks = ", ".join(row["hooks"]) if row["hooks"] else "(no hooks yet)"
            self.stdout.write(f"  hooks: {hooks}")

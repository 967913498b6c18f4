"""Ship the participating countries (from the founding FAQ) and Spain's regions.

Staff may edit both afterwards; this migration only adds rows that are missing.
"""

from django.db import migrations

from core.directory_data import ensure_directory


def add_directory(apps, schema_editor):
    ensure_directory(apps.get_model("core", "Country"), apps.get_model("core", "Region"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(add_directory, migrations.RunPython.noop)]

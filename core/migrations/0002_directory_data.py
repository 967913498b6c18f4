"""Ship the countries (from the founding FAQ), Spain's regions, levels, subjects, languages.

Staff may edit both afterwards; this migration only adds rows that are missing.
"""

from django.db import migrations

from core.directory_data import ensure_directory, ensure_vocabularies


def add_directory(apps, schema_editor):
    ensure_directory(apps.get_model("core", "Country"), apps.get_model("core", "Region"))
    ensure_vocabularies(
        apps.get_model("core", "Level"),
        apps.get_model("core", "Subject"),
        apps.get_model("core", "Language"),
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(add_directory, migrations.RunPython.noop)]

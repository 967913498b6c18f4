"""The default evaluation rubric (plugins/labels/quality/rubric.py DEFAULTS, copied here
so this migration never changes when the defaults do)."""

from django.db import migrations

DEFAULTS = (
    (
        "collaboration",
        "Collaboration between partner schools",
        [
            ("pupils_online_collaboration", "Pupils' online collaboration with the partner schools", 4, 2),
            ("shared_tasks", "Shared tasks and balanced contributions of the partners", 3, 0),
        ],
    ),
    (
        "technology",
        "Use of technology",
        [
            ("ict_use", "Use of ICT by the pupils", 4, 2),
            ("tools_fit", "Tools that fit the aims and the pupils' ages", 2, 0),
        ],
    ),
    (
        "pedagogy",
        "Pedagogical approaches",
        [
            ("pupil_centred", "Pupil-centred, creative approaches", 4, 0),
            ("inquiry", "Inquiry, problem solving and the pupils' initiative", 2, 0),
        ],
    ),
    (
        "curriculum",
        "Curricular integration",
        [
            ("curriculum_fit", "Integration into the curriculum of the subjects", 4, 0),
            ("cross_curricular", "Work across subjects", 2, 0),
        ],
    ),
    (
        "results",
        "Results and documentation",
        [
            ("results_documented", "Results shared and documented in the TwinSpace", 3, 0),
            ("gdpr_copyright_esafety", "Data protection (GDPR), copyright and e-safety respected", 2, 1),
        ],
    ),
)


def load(apps, schema_editor):
    Criterion = apps.get_model("labels", "RubricCriterion")
    Item = apps.get_model("labels", "RubricItem")
    for order, (key, title, items) in enumerate(DEFAULTS):
        criterion, _ = Criterion.objects.get_or_create(
            key=key, defaults={"title": title, "order": order}
        )
        for item_order, (item_key, item_title, max_points, minimum) in enumerate(items):
            Item.objects.get_or_create(
                key=item_key,
                defaults={
                    "criterion": criterion,
                    "title": item_title,
                    "max_points": max_points,
                    "minimum_points": minimum,
                    "order": item_order,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("labels", "0003_rubric_and_evaluations")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""The default preparation form in Dutch, and every existing cycle on it."""

import copy

from django.db import migrations

from development.questions import DEFAULT_NAME, DEFAULT_SECTIONS


def create_default(apps, schema_editor):
    FormTemplate = apps.get_model("development", "FormTemplate")
    Cycle = apps.get_model("development", "Cycle")
    template, _ = FormTemplate.objects.get_or_create(
        name=DEFAULT_NAME, defaults={"sections": copy.deepcopy(DEFAULT_SECTIONS)}
    )
    Cycle.objects.filter(template__isnull=True).update(template=template)


class Migration(migrations.Migration):
    dependencies = [("development", "0003_records")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]

from django.db import migrations


def create_settings(apps, schema_editor):
    apps.get_model("hrm", "OrganisationSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("hrm", "0002_contract_no_overlap")]

    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]

"""The reintegration models move to the reintegration app (reintegration/migrations/0001_initial).

Only Django's idea of the models changes: their tables, rows and constraints stay exactly as
they are (database_operations is empty), so nothing is copied and no table is rebuilt."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('absence', '0006_date_range_text_limits_imported_arbo'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='casedocument',
                    name='record',
                ),
                migrations.RemoveField(
                    model_name='casedocument',
                    name='uploaded_by',
                ),
                migrations.RemoveField(
                    model_name='caserecord',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='caserecord',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='reintegrationcase',
                    name='employee',
                ),
                migrations.RemoveField(
                    model_name='reintegrationcase',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='remindersent',
                    name='case',
                ),
                migrations.DeleteModel(
                    name='CaseActivity',
                ),
                migrations.DeleteModel(
                    name='CaseDocument',
                ),
                migrations.DeleteModel(
                    name='CaseRecord',
                ),
                migrations.DeleteModel(
                    name='ReintegrationCase',
                ),
                migrations.DeleteModel(
                    name='ReminderSent',
                ),
            ],
        ),
    ]

"""The calendar feed model moves to core (core/migrations/0003_calendar), where every user has
one. Only Django's idea of the model changes: its table and rows stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("absence", "0007_reintegration_moves_to_its_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="CalendarFeed")],
        ),
    ]

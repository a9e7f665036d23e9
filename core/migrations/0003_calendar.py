"""Everyone's own calendar: the feed model comes from absence with its table (absence_calendarfeed)
and rows untouched, and each event's version is kept for its SEQUENCE and DTSTAMP."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_auditevent"),
        ("absence", "0008_calendarfeed_moves_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="CalendarFeed",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("token", models.CharField(max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(auto_now=True)),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="calendar_feed",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "calendar feed",
                        "verbose_name_plural": "calendar feeds",
                        "db_table": "absence_calendarfeed",
                    },
                ),
            ],
        ),
        migrations.CreateModel(
            name="CalendarEventVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uid", models.CharField(max_length=255)),
                ("digest", models.CharField(max_length=64)),
                ("sequence", models.PositiveIntegerField(default=0)),
                ("changed_at", models.DateTimeField()),
                (
                    "feed",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="event_versions",
                        to="core.calendarfeed",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("feed", "uid"), name="core_calendar_event_once"
                    )
                ],
            },
        ),
    ]

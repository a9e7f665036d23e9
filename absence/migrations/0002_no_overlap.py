"""No overlapping episodes per employee, no overlapping leave, and no episode overlapping a
maternity leave: enforced by the database (see core.db.no_overlap)."""

from django.db import migrations

from core.db import no_overlap

EPISODES = no_overlap(
    "absence_episode", "absence_episode_no_overlap", owner="employee_id",
    start="first_sick_day", end="recovered_on", end_inclusive=False,
    other_table="absence_maternityleave", other_start="start", other_end="end", other_end_inclusive=True,
)
LEAVE = no_overlap(
    "absence_maternityleave", "absence_leave_no_overlap", owner="employee_id",
    start="start", end="end", end_inclusive=True,
    other_table="absence_episode", other_start="first_sick_day", other_end="recovered_on", other_end_inclusive=False,
)


class Migration(migrations.Migration):
    dependencies = [("absence", "0001_initial")]

    operations = [migrations.RunPython(*EPISODES), migrations.RunPython(*LEAVE)]

"""`poortwachter_schedule PERSONNEL_NUMBER [--as-of] [--format table|json]`: the Gatekeeper Act
deadlines of an employee's current chain."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from core.dates import parse_date
from core.errors import ApplicationError
from hrm.models import Employee
from reintegration import poortwachter as pw
from reintegration.selectors import schedule_for_employee


class Command(BaseCommand):
    help = (
        "The Gatekeeper Act schedule (poortwachter.md) of an employee's latest chain of "
        "sickness episodes as of a date: every milestone with its deadline and status."
    )

    def add_arguments(self, parser):
        parser.add_argument("personnel_number")
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, personnel_number, as_of, format, **options):
        try:
            with translation.override("en"):  # this command speaks English throughout
                day = parse_date(as_of, "as_of") if as_of is not None else timezone.localdate()
        except ApplicationError as error:
            raise CommandError(error.message) from error
        employee = Employee.objects.filter(personnel_number=personnel_number).first()
        if employee is None:
            raise CommandError(f"No employee with personnel number {personnel_number}.")
        schedule = schedule_for_employee(employee, day)
        if schedule is None:
            raise CommandError(
                f"{employee.full_name} has no sickness episode on or before {day.isoformat()}."
            )
        if format == "table":
            self.stdout.write(schedule_table(schedule))
        else:
            self.stdout.write(json.dumps(schedule.as_json(), indent=2))


def schedule_table(schedule: pw.Schedule) -> str:
    """The schedule as an aligned text table (--format table)."""
    rows = [("milestone", "due", "earliest", "done on", "status")]
    for m in schedule.milestones:
        rows.append(
            (
                m.key,
                m.due.isoformat(),
                m.earliest.isoformat() if m.earliest else "-",
                m.done_on.isoformat() if m.done_on else "-",
                m.status,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = [
        f"chain start {schedule.chain_start.isoformat()}, sick day {schedule.sick_day}"
        + ("" if schedule.is_open else " (recovered)"),
        "",
    ]
    for n, row in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)

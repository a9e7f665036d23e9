import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from absence.reporting import as_table, check_arguments
from absence.selectors import absence_report
from core.errors import ApplicationError


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"'{value}' is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Absence figures for a period (definitions: absence-metrics.md), as JSON or a table."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="last day (inclusive), YYYY-MM-DD")
        parser.add_argument("--team", help="only this team (its name)")
        parser.add_argument(
            "--by", choices=["team", "month", "week"], help="also give the figures per group"
        )
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, start, end, team, by, format, **options):
        start, end = iso_date(start), iso_date(end)
        try:
            check_arguments(start, end, by, team)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        report = absence_report(start=start, end=end, by=by, team=team)
        if format == "table":
            self.stdout.write(as_table(report))
        else:
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))

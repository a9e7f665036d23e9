"""`absence_report --start --end [--by team|month|week] [--team] [--format json|table]`: the
absence figures of a period."""

import json

from django.core.management.base import BaseCommand, CommandError

from absence.figures import absence_report
from absence.reporting.report import as_table, check_arguments
from core.dates import parse_date
from core.errors import ApplicationError


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
        try:
            start, end = parse_date(start, "start"), parse_date(end, "end")
            check_arguments(start, end, by, team)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        report = absence_report(start=start, end=end, by=by, team=team)
        if format == "table":
            self.stdout.write(as_table(report))
        else:
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))

"""`board_report --month YYYY-MM --output FILE.pdf`: the board's monthly traffic-light report as
PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from absence.reporting import board_report
from core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Write the one-page board report (traffic light, aggregates only, groups under 5 "
        "suppressed) of a month as PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM (e.g. 2026-10)")
        parser.add_argument("--output", required=True, help="the PDF file to write")
        parser.add_argument("--language", choices=["nl", "en"], default="nl")

    def handle(self, *args, month, output, language, **options):
        try:
            pdf = board_report.render_pdf(month, language=language)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        path.write_bytes(pdf)
        self.stdout.write(f"wrote {path} ({len(pdf) // 1024} kB)")

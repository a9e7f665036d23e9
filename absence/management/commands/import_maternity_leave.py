from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from absence.importers import import_leave


class Command(BaseCommand):
    help = (
        "Import pregnancy and maternity leave from CSV (UTF-8, ',' or ';'). Columns: personnel_number, start, "
        "end (inclusive). Upsert on personnel number + start; any bad row aborts. A sickness episode running "
        "into a leave ends on the day the leave starts."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )

    def handle(self, *args, path: Path, dry_run: bool, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        result = import_leave(data, dry_run=dry_run)
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            self.stderr.write(
                f"Import aborted: {len(result.problems)} problem(s); nothing was written."
            )
            raise SystemExit(1)
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write(result.summary("Leave"))
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

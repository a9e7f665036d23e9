from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hrm.importers import run_import


class Command(BaseCommand):
    help = (
        "Import employees and contract periods from a CSV file (UTF-8, ',' or ';'). Columns: "
        "personnel_number, first_name, last_name, email, team, job_title, hours_per_week, "
        "contract_start, contract_end. Any invalid row aborts the whole import."
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
        result = run_import(data, dry_run=dry_run)
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            self.stderr.write(
                f"Import aborted: {len(result.problems)} problem(s); nothing was written."
            )
            raise SystemExit(1)
        self.stdout.write(result.summary())
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

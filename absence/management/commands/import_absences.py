from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from absence.importers import import_episodes


class Command(BaseCommand):
    help = (
        "Import sickness episodes from CSV (UTF-8, ',' or ';'). Columns: personnel_number, first_sick_day, "
        "recovered_on, partial_recovery (YYYY-MM-DD=P;...), optional safety_net, work_accident, "
        "third_party_liable (yes/no). Upsert on personnel number + first sick day; any bad row aborts."
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
        result = import_episodes(data, dry_run=dry_run)
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            self.stderr.write(
                f"Import aborted: {len(result.problems)} problem(s); nothing was written."
            )
            raise SystemExit(1)
        self.stdout.write(result.summary("Episodes"))
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

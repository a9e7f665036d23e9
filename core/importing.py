"""The shape every CSV import command shares: read the file, run the importer (atomic), print
each problem as `line N, field: message` and exit 1, or print the summary."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class CsvImportCommand(BaseCommand):
    """Subclasses set `help` and implement `run(data, dry_run)` and `summary(result)`."""

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )

    def run(self, data: bytes, dry_run: bool):
        raise NotImplementedError

    def summary(self, result) -> str:
        return result.summary()

    def handle(self, *args, path: Path, dry_run: bool, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        result = self.run(data, dry_run)
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            self.stderr.write(
                f"Import aborted: {len(result.problems)} problem(s); nothing was written."
            )
            raise SystemExit(1)
        for note in getattr(result, "notes", []):
            self.stdout.write(str(note))
        self.stdout.write(self.summary(result))
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

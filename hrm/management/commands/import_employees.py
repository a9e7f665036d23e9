"""`import_employees FILE [--dry-run]`: import employees and contract periods from CSV (atomic,
idempotent)."""

from core.importing import CsvImportCommand
from hrm.importers import run_import


class Command(CsvImportCommand):
    help = (
        "Import employees and contract periods from a CSV file (UTF-8, ',' or ';'). Columns: "
        "personnel_number, first_name, last_name, email, team, job_title, hours_per_week, "
        "contract_start, contract_end. Any invalid row aborts the whole import."
    )

    def run(self, data, dry_run):
        return run_import(data, dry_run=dry_run)

"""`import_maternity_leave FILE [--dry-run]`: import pregnancy and maternity leave from CSV
(atomic)."""

from django.utils.translation import gettext as _

from absence.importers import import_leave
from core.importing import CsvImportCommand


class Command(CsvImportCommand):
    help = (
        "Import pregnancy and maternity leave from CSV (UTF-8, ',' or ';'). Columns: personnel_number, start, "
        "end (inclusive). Upsert on personnel number + start; any bad row aborts. A sickness episode running "
        "into a leave ends on the day the leave starts."
    )

    def run(self, data, dry_run):
        return import_leave(data, dry_run=dry_run)

    def summary(self, result):
        return result.summary(_("Pregnancy and maternity leave"))

"""`import_absences FILE [--dry-run]`: import sickness episodes from CSV (atomic; every problem as
`line N, field: message`)."""

from django.utils.translation import gettext as _

from absence.importers import import_episodes
from core.importing import CsvImportCommand


class Command(CsvImportCommand):
    help = (
        "Import sickness episodes from CSV (UTF-8, ',' or ';'). Columns: personnel_number, first_sick_day, "
        "recovered_on, partial_recovery (YYYY-MM-DD=P;...), optional safety_net, work_accident, "
        "third_party_liable (yes/no). Upsert on personnel number + first sick day; any bad row aborts."
    )

    def run(self, data, dry_run):
        return import_episodes(data, dry_run=dry_run)

    def summary(self, result):
        return result.summary(_("Sickness episodes"))

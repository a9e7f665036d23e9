from django.core.management.base import BaseCommand

from absence import demo as absence_demo
from hrm import demo as hrm_demo


class Command(BaseCommand):
    help = "Load the demo organisation (idempotent: running it twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, quiet_logins: bool = False, **options):
        counts = hrm_demo.load()
        absence_counts = absence_demo.load()
        # Later modules (development, handbook) add their demo data here.
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organisation loaded: {counts['employees']} employees, "
                f"{absence_counts['episodes']} sickness episodes since January 2023."
            )
        )
        if not quiet_logins:
            logins = ", ".join(hrm_demo.PRINTED_LOGINS)
            self.stdout.write(f"Demo logins (password for all: {hrm_demo.DEMO_PASSWORD}): {logins}")

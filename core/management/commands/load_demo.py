"""`load_demo`: load the demo organisation, each app's part in order (idempotent)."""

from django.core.management.base import BaseCommand

from core import demo


class Command(BaseCommand):
    help = "Load the demo organisation (idempotent: running it twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, quiet_logins: bool = False, **options):
        loaded = demo.load_all()  # each app's part, in order (core/demo.py)
        self.stdout.write(self.style.SUCCESS(f"Demo organisation loaded: {', '.join(loaded)}."))
        logins = demo.logins()
        if not quiet_logins and logins is not None:
            self.stdout.write(
                f"Demo logins (password for all: {logins.password}): " + ", ".join(logins.usernames)
            )

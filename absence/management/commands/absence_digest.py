"""`absence_digest --week YYYY-Www [--dry-run] [--force]`: print or send the weekly absence digest."""

from django.core.management.base import BaseCommand, CommandError

from absence.reporting import digest
from core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Send the weekly absence digest of an ISO week to its recipients (the organisation "
        "setting, else the adjunct-directors), or print it with --dry-run. A recipient who "
        "already has that week's digest is skipped unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--week", required=True, help="ISO week, YYYY-Www (e.g. 2026-W47)")
        parser.add_argument(
            "--dry-run", action="store_true", help="print the e-mail instead of sending it"
        )
        parser.add_argument("--force", action="store_true", help="send again to everyone")

    def handle(self, *args, week, dry_run, force, **options):
        try:
            digest.parse_week(week)
            if dry_run:
                message = digest.render(week)
                self.stdout.write(f"To: {', '.join(digest.recipients()) or '(nobody)'}")
                self.stdout.write(f"Subject: {message.subject}\n")
                self.stdout.write(str(message.body))
                return
            outcome = digest.send(week, force=force)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        if not outcome.sent and not outcome.skipped:
            self.stderr.write(
                "Nobody to send to: set the recipients in the organisation settings or give "
                "an adjunct-director a login with an e-mail address."
            )
        for address in outcome.sent:
            self.stdout.write(f"sent {week} to {address}")
        for address in outcome.skipped:
            self.stdout.write(f"skipped {address}: already sent {week} (use --force to resend)")

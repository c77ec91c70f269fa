"""Delete the files kept from back-office forms that were never saved."""

from django.core.management.base import BaseCommand

from armcms.backoffice.uploads import KEEP_FOR, clear_expired


class Command(BaseCommand):
    help = (
        "Delete the uploads kept for forms that failed validation "
        f"(media tmp/uploads/) once they are older than {KEEP_FOR.days} day: "
        "the person never saved them. Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        deleted = clear_expired()
        self.stdout.write(f"Deleted {deleted} kept upload(s) older than a day.")

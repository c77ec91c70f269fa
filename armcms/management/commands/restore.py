"""Bring a freshly migrated site back to the content of a backup archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from armcms.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the records and media files of an archive made by the backup "
        "command, all or nothing. Refuses a site that has content, unless "
        "--replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A zip archive made by `backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Delete the site's current users and content first, in the "
                "same transaction as the restore."
            ),
        )

    def handle(self, *args, archive, replace, **options):
        try:
            result = restore_backup(Path(archive), replace=replace)
        except BackupError as error:
            raise CommandError(f"{error} Nothing was restored.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive}, made {result['created_at']} "
                f"(Django {result['django_version']}, {result['database']})."
            )
        )
        self.stdout.write(f"  {sum(result['restored'].values())} records:")
        for label, count in result["restored"].items():
            self.stdout.write(f"    {label:<28} {count:>7}")
        self.stdout.write(
            f"  {result['media_written']} media files written, "
            f"{result['media_unchanged']} already in place."
        )

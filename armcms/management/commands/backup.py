"""Write the whole site, records and media files, to one zip archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from armcms.operations.backup import BackupError, create_backup, default_backup_path


def size(value: int) -> str:
    return filesizeformat(value).replace("\xa0", " ")


class Command(BaseCommand):
    help = (
        "Write every record (staff accounts, content, taxonomy, impact history, "
        "homepage, revision history) and every media file to one zip archive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help=(
                "The archive to write. Default: "
                "var/backups/armcms-YYYYmmdd-HHMMSS.zip; a folder gets a file "
                "of that name."
            ),
        )

    def handle(self, *args, path, **options):
        default = default_backup_path()
        target = Path(path) if path else default
        if target.is_dir():
            target /= default.name
        if target.exists():
            raise CommandError(f"{target} already exists; choose another name.")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            manifest = create_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Could not write {target}: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {target} ({size(target.stat().st_size)})"
            )
        )
        self.stdout.write(f"  {manifest['records']} records:")
        for entry in manifest["data"]:
            self.stdout.write(f"    {entry['model']:<28} {entry['count']:>7}")
        self.stdout.write(
            f"  {manifest['media_files']} media files ({size(manifest['media_bytes'])})"
        )
        self.stdout.write(
            "It holds the staff accounts with their password hashes: "
            "keep it as private as the database."
        )

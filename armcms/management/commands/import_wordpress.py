"""Import posts, their images and files, and their old addresses from WordPress."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from armcms.operations.wordpress import (
    Report,
    WordPressImporter,
    WordPressImportError,
    parse_category_map,
)


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools > Export, WXR 1.1/1.2): posts become "
        "news articles, press releases or publications; categories and tags "
        "topics or countries; old addresses redirect to the new pages. Safe to "
        "run again: it updates what it imported before."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The WordPress export file (.xml).")
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="A local copy of wp-content/uploads; nothing is downloaded.",
        )
        parser.add_argument(
            "--category-map",
            action="append",
            default=[],
            metavar="CATEGORY=DESTINATION",
            help=(
                "Send posts of a category (its slug) to news, press or "
                "publication[:kind], e.g. reports=publication:report. Repeat "
                "for several; adds to the WORDPRESS_CATEGORY_MAP setting."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be imported; write nothing.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Show no progress bar."
        )

    def handle(self, *args, export, uploads, category_map, dry_run, **options):
        path = Path(export)
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        if uploads and not Path(uploads).is_dir():
            raise CommandError(f"{uploads} is not a folder.")
        try:
            mapping = parse_category_map(
                getattr(settings, "WORDPRESS_CATEGORY_MAP", {})
            ) | parse_category_map(category_map)
        except ValueError as error:
            raise CommandError(f"--category-map: {error}") from error
        show_progress = not options["no_progress"] and sys.stderr.isatty()

        def progress(items, total):
            return tqdm(
                items,
                total=total,
                unit="item",
                file=sys.stderr,
                disable=not show_progress,
            )

        importer = WordPressImporter(
            path,
            uploads=Path(uploads) if uploads else None,
            category_map=mapping,
            dry_run=dry_run,
            progress=progress,
        )
        try:
            report = importer.run()
        except WordPressImportError as error:
            raise CommandError(str(error)) from error
        self.print_report(report, options["verbosity"])

    def print_report(self, report: Report, verbosity: int) -> None:
        write = self.stdout.write
        if report.dry_run:
            write(self.style.WARNING("Dry run: nothing was written."))
        write(
            self.style.SUCCESS(
                f"Created {len(report.created)}, updated {len(report.updated)}, "
                f"unchanged {len(report.unchanged)}, skipped {len(report.skipped)}, "
                f"failed {len(report.failed)}."
            )
        )
        write(
            f"New: {report.files} files, {report.topics} topics, "
            f"{report.countries} countries, {report.redirects} redirects."
        )
        if verbosity > 1:
            for title, labels in (
                ("Created", report.created),
                ("Updated", report.updated),
            ):
                if labels:
                    write(f"{title}:")
                    for label in labels:
                        write(f"  {label}")
        for title, rows in (
            ("Failed", report.failed),
            ("Skipped", report.skipped),
            ("Warnings", report.warnings),
        ):
            if rows:
                write(f"{title}:")
                for label, reason in rows:
                    write(f"  {label}: {reason}")

"""Make the search index again from every content item's stored text."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction

from armcms.content.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Index every content item for search again (PostgreSQL's vectors, "
        "SQLite's full-text table). A restore does it by itself; run it after "
        "changing SEARCH_CONFIGS or loading rows some other way."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        with transaction.atomic(using=database):
            rebuild_index(using=database)
        self.stdout.write("Search index rebuilt.")

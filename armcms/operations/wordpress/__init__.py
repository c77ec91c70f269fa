"""
Import a WordPress site from its export file (WXR 1.0-1.2, WordPress 4.x-6.x).

Posts become news articles, or press releases and publications for the
categories mapped to them; categories and tags become topics, or countries
when they name one. Bodies get the paragraphs WordPress shows (a port of
``wpautop``), lose block-editor comments and the shortcodes that cannot be
rendered, and have their upload URLs pointed at the imported files. Files come
from a local copy of ``wp-content/uploads``: nothing is fetched.

The file is read twice, streaming (the first pass checks it is well-formed and
collects the attachments, which may come after the posts using them), so
memory stays flat whatever its size. Everything is written in one
transaction; files written are removed again if it fails or is a dry run.

Idempotency rests on django.contrib.redirects, which the import fills anyway
so old links keep working: an item is the target of the ``/?p=<ID>`` redirect
of its WordPress post, and an imported file the target of the redirect of its
old ``/wp-content/uploads/...`` address. Running the same file again finds
them and updates in place.
"""

from .conversion import convert_content, original_of, wpautop
from .countries import normalise_name
from .importer import Report, WordPressImporter
from .reader import WordPressImportError, read_export
from .targets import object_at, parse_category_map

__all__ = [
    "Report",
    "WordPressImportError",
    "WordPressImporter",
    "convert_content",
    "normalise_name",
    "object_at",
    "original_of",
    "parse_category_map",
    "read_export",
    "wpautop",
]

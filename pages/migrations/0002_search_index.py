from django.db import migrations

from armcms.content.migration_operations import search_vector_index


class Migration(migrations.Migration):
    """One GIN index per language's search vector (PostgreSQL only)."""

    dependencies = [("pages", "0001_pages_and_menus")]

    operations = [
        search_vector_index("pages_page", "search_vector_en"),
        search_vector_index("pages_page", "search_vector_es"),
        search_vector_index("pages_page", "search_vector_fr"),
    ]

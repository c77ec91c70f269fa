from django.db import migrations

from armcms.content.migration_operations import drop_search_vector_index, search_vector_index


class Migration(migrations.Migration):
    """One GIN index per language's search vector (PostgreSQL only)."""

    dependencies = [("publications", "0005_translated_text")]

    operations = [
        drop_search_vector_index("publications_publication"),
        search_vector_index("publications_publication", "search_vector_en"),
        search_vector_index("publications_publication", "search_vector_es"),
        search_vector_index("publications_publication", "search_vector_fr"),
    ]

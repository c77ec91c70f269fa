from django.db import migrations

from armcms.content.migration_operations import version_texts_to_language


class Migration(migrations.Migration):
    """Saved versions from before translation: their text is English."""

    dependencies = [
        ("news", "0006_search_per_language"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        version_texts_to_language(
            "news",
            {
                "newsarticle": ["title", "slug", "summary", "body", "lead_image_alt", "seo_description", "search_vector"],
                "pressrelease": ["title", "slug", "summary", "body", "lead_image_alt", "seo_description", "search_vector", "dateline"],
            },
            ["en", "es", "fr"],
        ),
    ]

from django.db import migrations

from armcms.content.migration_operations import version_texts_to_language


class Migration(migrations.Migration):
    """Saved versions from before translation: their text is English."""

    dependencies = [
        ("impact", "0003_translated_text"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        version_texts_to_language(
            "impact",
            {
                "impactmetric": ["label", "prefix", "unit", "suffix", "context"],
            },
            ["en", "es", "fr"],
        ),
    ]

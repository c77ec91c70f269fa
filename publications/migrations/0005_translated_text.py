from django.db import migrations

from armcms.content.migration_operations import copy_to_language


class Migration(migrations.Migration):
    """Rows saved before translation: their text is the default language's."""

    dependencies = [("publications", "0004_translations")]

    operations = [
        copy_to_language("publications", "series", {"title": "title", "description": "description"}, ["en"]),
        copy_to_language("publications", "publication", {"title": "title", "slug": "slug", "summary": "summary", "body": "body", "lead_image_alt": "lead_image_alt", "seo_description": "seo_description", "abstract": "abstract", "cover_image_alt": "cover_image_alt", "translated_at": "updated_at"}, ["en"]),
        copy_to_language("publications", "publication", {"search_vector": "search_vector"}, ["en", "es", "fr"]),
    ]

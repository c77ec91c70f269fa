from django.db import migrations

from armcms.content.migration_operations import copy_to_language


class Migration(migrations.Migration):
    """Rows saved before translation: their text is the default language's."""

    dependencies = [("news", "0004_translations")]

    operations = [
        copy_to_language("news", "newsarticle", {"title": "title", "slug": "slug", "summary": "summary", "body": "body", "lead_image_alt": "lead_image_alt", "seo_description": "seo_description", "translated_at": "updated_at"}, ["en"]),
        copy_to_language("news", "newsarticle", {"search_vector": "search_vector"}, ["en", "es", "fr"]),
        copy_to_language("news", "pressrelease", {"title": "title", "slug": "slug", "summary": "summary", "body": "body", "lead_image_alt": "lead_image_alt", "seo_description": "seo_description", "dateline": "dateline", "translated_at": "updated_at"}, ["en"]),
        copy_to_language("news", "pressrelease", {"search_vector": "search_vector"}, ["en", "es", "fr"]),
    ]

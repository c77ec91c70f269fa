from django.db import migrations

from armcms.content.migration_operations import copy_to_language


class Migration(migrations.Migration):
    """Rows saved before translation: their text is the default language's."""

    dependencies = [("armcms", "0003_translations")]

    operations = [
        copy_to_language("armcms", "topic", {"name": "name"}, ["en"]),
        copy_to_language("armcms", "country", {"name": "name"}, ["en"]),
        copy_to_language("armcms", "homepage", {"intro": "intro", "our_work": "our_work"}, ["en"]),
    ]

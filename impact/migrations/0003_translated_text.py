from django.db import migrations

from armcms.content.migration_operations import copy_to_language


class Migration(migrations.Migration):
    """Rows saved before translation: their text is the default language's."""

    dependencies = [("impact", "0002_translations")]

    operations = [
        copy_to_language("impact", "impactmetric", {"label": "label", "prefix": "prefix", "unit": "unit", "suffix": "suffix", "context": "context"}, ["en"]),
    ]

from django.db import migrations

from armcms.content.migration_operations import search_vector_index


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [
        search_vector_index("news_newsarticle"),
        search_vector_index("news_pressrelease"),
    ]

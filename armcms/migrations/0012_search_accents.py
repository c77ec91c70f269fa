from django.db import migrations

from armcms.content.migration_operations import (
    PostgreSQLExtension,
    create_accentless_configurations,
    create_search_table,
    drop_accentless_configurations,
    drop_search_table,
    rebuild_search_index,
)


class Migration(migrations.Migration):
    dependencies = [
        ("armcms", "0011_homepage_lead_brand_colours"),
    ]

    operations = [
        # Both do nothing on SQLite.
        PostgreSQLExtension("unaccent"),
        PostgreSQLExtension("pg_trgm"),
        migrations.RunPython(
            create_accentless_configurations,
            drop_accentless_configurations,
            elidable=False,
        ),
        migrations.RunPython(create_search_table, drop_search_table, elidable=False),
        migrations.RunPython(
            rebuild_search_index, migrations.RunPython.noop, elidable=False
        ),
    ]

"""A migration operation for the GIN index behind PostgreSQL's full-text search."""

from django.db import migrations


def search_vector_index(table: str) -> migrations.RunPython:
    """
    Index ``table.search_vector`` on PostgreSQL. SQLite has no such index (its
    search needs none), so the operation does nothing there.
    """
    name = f"{table}_search_gin"

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} "
                f"ON {table} USING gin (search_vector)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)

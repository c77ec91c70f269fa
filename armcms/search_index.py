"""Migration operations the content apps share."""

from django.db import migrations
from django.db.models import F


def search_vector_index(
    table: str, column: str = "search_vector"
) -> migrations.RunPython:
    """
    Index ``table.column`` (a search vector) on PostgreSQL. SQLite has no
    such index (its search needs none), so the operation does nothing there.
    """
    name = (
        f"{table}_search_gin" if column == "search_vector" else f"{table}_{column}_gin"
    )

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column})"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)


def drop_search_vector_index(table: str) -> migrations.RunPython:
    """The reverse of ``search_vector_index(table)``."""
    forwards = search_vector_index(table)
    return migrations.RunPython(forwards.reverse_code, forwards.code, elidable=False)


def copy_to_language(
    app_label: str, model_name: str, sources: dict[str, str], languages: list[str]
) -> migrations.RunPython:
    """
    For rows written before their fields were translated: copy each
    translated field's source column (``{"title": "title"}``) into the
    field's empty columns for ``languages``.
    """

    def copy(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for field, source in sources.items():
            for language in languages:
                column = f"{field}_{language}"
                model._default_manager.filter(**{f"{column}__isnull": True}).update(
                    **{column: F(source)}
                )

    return migrations.RunPython(copy, migrations.RunPython.noop, elidable=False)

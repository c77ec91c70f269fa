"""Migration operations the content apps share."""

import json

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


def add_language_keys(
    records: list[dict], fields: list[str], languages: list[str]
) -> bool:
    """
    Give serialized records written before ``fields`` were translated their
    per-language keys: the old text is the first language's, the others have
    none. Without them, restoring such a record would put its text in
    whatever language is active. Returns whether anything changed.
    """
    changed = False
    for values in (record["fields"] for record in records):
        for field in fields:
            if field in values and f"{field}_{languages[0]}" not in values:
                for language in languages:
                    text = values[field] if language == languages[0] else None
                    values[f"{field}_{language}"] = text
                changed = True
    return changed


def version_texts_to_language(
    app_label: str, models: dict[str, list[str]], languages: list[str]
) -> migrations.RunPython:
    """
    For the saved versions (django-reversion) of ``models`` ({"newsarticle":
    ["title", ...]}) written before translation: see ``add_language_keys``.
    """

    def rewrite(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        version = apps.get_model("reversion", "Version")
        for model, fields in models.items():
            types = content_type.objects.filter(app_label=app_label, model=model)
            saved = version.objects.filter(content_type__in=types, format="json")
            for row in saved.iterator():
                records = json.loads(row.serialized_data)
                if add_language_keys(records, fields, languages):
                    row.serialized_data = json.dumps(records)
                    row.save(update_fields=["serialized_data"])

    return migrations.RunPython(rewrite, migrations.RunPython.noop, elidable=False)

"""Migration operations the content apps share."""

import json

from django.contrib.postgres.operations import CreateExtension
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


# The media library: files that fields held become library records.

IMAGE_SIZE_COLUMNS = ("width", "height", "renditions")


def library_field(kind: str, related_name: str, verbose_name: str):
    """The foreign key to the library that replaces a file field."""
    from django.db import models

    return models.ForeignKey(
        to=f"armcms.{kind}",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def files_to_library(
    app_label: str,
    model_name: str,
    images: dict[str, tuple[str, str, str | None]] | None = None,
    documents: dict[str, tuple[str, str]] | None = None,
) -> list:
    """
    Operations that turn the file fields of ``model_name`` into foreign keys
    to library records, keeping their names: ``images`` is ``{field:
    (related_name, verbose_name, alt_field or None)}``, ``documents``
    ``{field: (related_name, verbose_name)}``. Each stored file becomes one
    record (files with the same content share one; see ``library_record``);
    the files stay where they are, so no address changes. Saved versions
    and drafts of the model are rewritten to match.
    """
    images, documents = images or {}, documents or {}
    moved = {**dict.fromkeys(images, "Image"), **dict.fromkeys(documents, "Document")}
    operations = []
    for field in moved:
        operations.append(migrations.RenameField(model_name, field, f"{field}_file"))
    for field, kind in moved.items():
        related_name, verbose_name = (images.get(field) or documents[field])[:2]
        operations.append(
            migrations.AddField(
                model_name, field, library_field(kind, related_name, verbose_name)
            )
        )

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        records = LibraryRecords(apps)
        for row in model._default_manager.all():
            changed = []
            for field, kind in moved.items():
                name = getattr(row, f"{field}_file").name
                if not name:
                    continue
                if kind == "Image":
                    alt_field = images[field][2]
                    size = {
                        column: getattr(row, f"{field}_{column}", None)
                        for column in IMAGE_SIZE_COLUMNS
                    }
                    pk = records.image(name, size, alt_texts(row, alt_field))
                else:
                    pk = records.document(name, row)
                setattr(row, f"{field}_id", pk)
                changed.append(f"{field}_id")
            if changed:
                model._default_manager.filter(pk=row.pk).update(
                    **{column: getattr(row, column) for column in changed}
                )
        rewrite_saved_records(
            apps,
            app_label,
            model_name,
            records,
            dropped=[
                f"{field}_{column}" for field in images for column in IMAGE_SIZE_COLUMNS
            ],
            kinds=moved,
        )

    def backwards(apps, schema_editor):
        # The files go back into the fields (the records stay, unused);
        # saved versions and drafts keep naming the records.
        model = apps.get_model(app_label, model_name)
        for row in model._default_manager.all():
            values = {}
            for field, kind in moved.items():
                record = getattr(row, field)
                if record is None:
                    continue
                values[f"{field}_file"] = record.file.name
                if kind == "Image":
                    values.update(
                        {
                            f"{field}_{column}": getattr(record, column)
                            for column in IMAGE_SIZE_COLUMNS
                        }
                    )
            if values:
                model._default_manager.filter(pk=row.pk).update(**values)

    operations.append(migrations.RunPython(forwards, backwards, elidable=False))
    for field in moved:
        operations.append(migrations.RemoveField(model_name, f"{field}_file"))
    for field in images:
        for column in IMAGE_SIZE_COLUMNS:
            operations.append(migrations.RemoveField(model_name, f"{field}_{column}"))
    return operations


def alt_texts(row, alt_field: str | None) -> dict[str, str]:
    """The alt texts a row gave its image, by column suffix ("", "_en"...)."""
    if not alt_field:
        return {}
    return {
        field.name.removeprefix(alt_field): getattr(row, field.name) or ""
        for field in row._meta.concrete_fields
        if field.name == alt_field or field.name.startswith(f"{alt_field}_")
    }


class LibraryRecords:
    """The library's records as a migration makes them: one per stored file,
    files of the same content sharing one."""

    def __init__(self, apps):
        self.apps = apps
        self.storage = default_storage()

    def content_hash(self, name: str) -> str:
        import hashlib

        digest = hashlib.sha256()
        try:
            with self.storage.open(name, "rb") as handle:
                for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                    digest.update(chunk)
        except OSError:
            return ""
        return digest.hexdigest()

    def find(self, model, name: str) -> tuple[int | None, str]:
        found = model._default_manager.filter(file=name).values_list("pk", flat=True)
        if found:
            return found[0], ""
        digest = self.content_hash(name)
        if digest:
            same = model._default_manager.filter(file_hash=digest)
            pk = same.values_list("pk", flat=True).first()
            if pk is not None:
                return pk, digest
        return None, digest

    def image(self, name: str, size: dict, alts: dict[str, str]) -> int:
        model = self.apps.get_model("armcms", "Image")
        pk, digest = self.find(model, name)
        if pk is not None:
            return pk
        fields = {f.name for f in model._meta.concrete_fields}
        values = {
            f"alt{suffix}": text[:255]
            for suffix, text in alts.items()
            if f"alt{suffix}" in fields
        }
        # A row written before translation has its text in the original
        # column only: it is the site's first language's.
        from django.conf import settings

        first = f"alt_{settings.LANGUAGE_CODE}"
        if first in fields and not values.get(first) and values.get("alt"):
            values[first] = values["alt"]
        renditions = size.get("renditions") or {}
        if renditions.get("source") != name:
            renditions = {}
        return model._default_manager.create(
            file=name,
            title=title_from_name(name),
            width=size.get("width"),
            height=size.get("height"),
            renditions=renditions,
            file_hash=digest,
            **values,
        ).pk

    def document(self, name: str, row=None, **values) -> int:
        model = self.apps.get_model("armcms", "Document")
        pk, digest = self.find(model, name)
        if pk is not None:
            return pk
        info = values.pop("file_info", None) or getattr(row, "pdf_info", None) or {}
        text = getattr(row, "pdf_text", "") if row is not None else ""
        values.setdefault("title", title_from_name(name))
        return model._default_manager.create(
            file=name,
            file_info=info if info.get("name") == name else {},
            text=text or "",
            file_hash=digest,
            **values,
        ).pk

    def record_for(self, kind: str, name: str) -> int:
        if kind == "Image":
            return self.image(name, {}, {})
        return self.document(name)


def default_storage():
    from django.core.files.storage import default_storage as storage

    return storage


def title_from_name(name: str) -> str:
    from armcms.content.library import title_from_name as make

    return make(name)


def rewrite_saved_records(
    apps, app_label, model_name, library, dropped, kinds, keys=None
):
    """
    Saved versions (django-reversion) and drafts of ``model_name`` hold the
    file names the fields had: each becomes the key of its library record,
    and the dropped columns go. ``keys`` maps the old keys a field held to
    the new ones (``{"files": {old: new}}``).
    """
    keys = keys or {}
    label = f"{app_label}.{model_name}"

    def rewrite(values: dict) -> bool:
        changed = False
        for field, kind in kinds.items():
            name = values.get(field)
            if isinstance(name, str):
                values[field] = library.record_for(kind, name) if name else None
                changed = True
        for field, mapping in keys.items():
            held = values.get(field)
            if isinstance(held, list):
                values[field] = [mapping[key] for key in held if key in mapping]
                changed = True
        for column in dropped:
            if column in values:
                del values[column]
                changed = True
        return changed

    content_type = apps.get_model("contenttypes", "ContentType")
    version = apps.get_model("reversion", "Version")
    types = content_type.objects.filter(app_label=app_label, model=model_name)
    for row in version.objects.filter(content_type__in=types, format="json").iterator():
        saved = json.loads(row.serialized_data)
        touched = [rewrite(record["fields"]) for record in saved]
        if any(touched):
            row.serialized_data = json.dumps(saved)
            row.save(update_fields=["serialized_data"])
    draft = apps.get_model("armcms", "Draft")
    for row in draft.objects.exclude(changes=None):
        changes = row.changes or []
        touched = [
            rewrite(record.get("fields", {}))
            for record in changes
            if record.get("model") == label
        ]
        if any(touched):
            draft.objects.filter(pk=row.pk).update(changes=changes)


def text_images_to_library(apps, schema_editor):
    """
    Every image of our media shown in rich text (the editor's uploads,
    imported images) becomes a library record where it is, its renditions
    taken from the description beside it; files of the same content share
    one.
    """
    import re

    from PIL import Image as Picture

    from armcms.content.richtext import RichTextField

    storage = default_storage()
    base = re.escape(storage.url(""))
    sources = re.compile(rf'<img[^>]*\ssrc="{base}([^"?#]+)"')
    records = LibraryRecords(apps)
    image_model = apps.get_model("armcms", "Image")
    names = set()
    for model in apps.get_models():
        columns = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, RichTextField)
        ]
        if not columns:
            continue
        for row in model._default_manager.values_list(*columns):
            for text in filter(None, row):
                names.update(sources.findall(text))
    for name in sorted(names):
        if (
            ".." in name
            or name.startswith("renditions/")
            or image_model._default_manager.filter(file=name).exists()
        ):
            continue
        size = {}
        try:
            with storage.open(name, "rb") as handle, Picture.open(handle) as picture:
                size = {"width": picture.width, "height": picture.height}
        except Exception:
            pass
        try:
            with storage.open(f"renditions/{name}.json", "rb") as handle:
                size["renditions"] = json.load(handle)
        except Exception:
            pass
        records.image(name, size, {})


# The copies of PostgreSQL's text-search configurations search uses besides
# them (see armcms.content.search): accents are taken off every word that
# has some before it is stemmed.
ACCENTLESS_CONFIGURATIONS = {
    "armcms_english": "english",
    "armcms_spanish": "spanish",
    "armcms_french": "french",
    "armcms_simple": "simple",
}


def create_accentless_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, base in ACCENTLESS_CONFIGURATIONS.items():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {base})"
        )
        dictionary = "simple" if base == "simple" else f"{base}_stem"
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}"
        )


def drop_accentless_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in ACCENTLESS_CONFIGURATIONS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


def create_search_table(apps, schema_editor):
    """SQLite's full-text table (see armcms.content.search)."""
    from .search import create_sqlite_table

    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            create_sqlite_table(cursor)


def drop_search_table(apps, schema_editor):
    from .search import TABLE

    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def rebuild_search_index(apps, schema_editor):
    """Index every item again, with the models as the migration sees them."""
    from .search import rebuild_index

    rebuild_index(apps, using=schema_editor.connection.alias)


class PostgreSQLExtension(CreateExtension):
    """
    Django's CreateExtension, doing nothing on other databases. Undone, it
    leaves the extension installed: it may have been there before, and
    other code in the database may use it.
    """

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

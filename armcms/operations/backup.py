"""
Whole-site backups: one zip archive with every record people made and every
media file, and the restore that brings a freshly migrated site back to the
same content.

Layout of an archive::

    manifest.json                      format, versions, counts, a SHA-256 per entry
    data/<app_label>.<model>.jsonl     Django's JSON Lines, one file per model,
                                       in loading order
    media/<storage name>               each file of the media storage

Records are written with natural keys for what ``migrate`` makes anew on every
install (content types, permissions, the Editor and Publisher groups), whose
ids differ between databases; everything else keeps its id, so links and
history stay as they were. Files are streamed in and out through Django's
storage API, so large files never sit in memory and S3 works as disk does.
"""

import datetime
import hashlib
import io
import json
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from armcms.backoffice.roles import sync_roles
from armcms.backoffice.uploads import KEPT_FOLDER
from armcms.content import search
from armcms.content.registry import shown_publicly
from armcms.pagecache.tags import invalidate_everything

FORMAT = "armcms-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
CHUNK_SIZE = 1024 * 1024

# What a backup holds: app labels (every model of the app, so a model added to
# a content app is backed up without a change here) or "app_label.model".
# Apps that are not installed are skipped. This lists what belongs in rather
# than what stays out, so an app added to INSTALLED_APPS later stays out of
# backups until someone decides it belongs. Left out on purpose: content types
# and permissions (migrate makes them; records refer to them by natural key),
# sessions, the admin's log entries (django-reversion keeps the real history)
# and django-axes' login attempts and lockouts (short-lived security state).
# Two-factor devices are in: without them a restored site would let anyone
# holding a staff password enrol a new authenticator (another device plugin,
# such as two_factor's phone numbers, would be added here).
BACKUP_MODELS = [
    "auth.user",
    "auth.group",
    "otp_totp",
    "otp_static",
    "sites",
]
# After every app with content (see content_apps): what refers to content.
HISTORY_MODELS = ["reversion", "redirects"]
# Rows that a fresh ``migrate`` already makes (the Editor and Publisher groups,
# the default site): they do not count as content. Groups are matched by name.
PRESEEDED_MODELS = {"auth.group", "sites.site"}
NATURAL_KEY_MODELS = {"auth.group"}
# What the manifest says of each entry.
DATA_ENTRY = {"model": str, "name": str, "count": int, "size": int, "sha256": str}
MEDIA_ENTRY = {"name": str, "size": int, "sha256": str}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is for people."""


class BackupJSONEncoder(DjangoJSONEncoder):
    """
    DjangoJSONEncoder rounds times to milliseconds (as JavaScript does); a
    backup must give back exactly what it took.
    """

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class ChecksumWriter(io.RawIOBase):
    """A writable stream that counts and hashes the bytes it passes on."""

    def __init__(self, target):
        super().__init__()
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.digest.update(data)
        self.target.write(data)
        self.size += len(data)
        return len(data)

    def entry(self, name: str) -> dict:
        return {"name": name, "size": self.size, "sha256": self.digest.hexdigest()}


def content_apps() -> list[str]:
    """The labels of the apps holding content, every model of each backed up."""
    return [
        config.label
        for config in apps.get_app_configs()
        if any(shown_publicly(model) for model in config.get_models())
    ]


def backup_models() -> list[type[models.Model]]:
    """The installed models to back up, each after those it refers to."""
    chosen = []
    labels = [*BACKUP_MODELS, *content_apps(), *HISTORY_MODELS]
    for label in labels:
        app_label, _dot, model_name = label.partition(".")
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue
        found = [config.get_model(model_name)] if model_name else config.get_models()
        chosen += [
            model
            for model in found
            if model._meta.managed and not model._meta.proxy and model not in chosen
        ]
    return dependency_order(chosen)


def dependency_order(
    model_list: list[type[models.Model]],
) -> list[type[models.Model]]:
    """
    ``model_list`` with every model after the models it points to (foreign keys
    and many-to-many), so records load in order and delete in reverse.
    """
    chosen, ordered, seen = set(model_list), [], set()

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        for field in [*model._meta.fields, *model._meta.many_to_many]:
            if field.related_model in chosen:
                visit(field.related_model)
        ordered.append(model)

    for model in model_list:
        visit(model)
    return ordered


def serialized_fields(model: type[models.Model]) -> list[str]:
    # Search vectors are derived, and exist on PostgreSQL only: restore
    # computes them again.
    return [
        field.name
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if field.serialize and not isinstance(field, SearchVectorField)
    ]


def media_path(name: str) -> str:
    """Where the media file of storage name ``name`` sits in an archive."""
    return f"media/{name}"


def default_backup_path() -> Path:
    return (
        settings.BASE_DIR
        / "var"
        / "backups"
        / f"armcms-{timezone.localtime():%Y%m%d-%H%M%S}.zip"
    )


# Writing


def create_backup(path: Path, storage=None) -> dict:
    """
    Write the site's records and media files to a new zip archive at ``path``
    and return its manifest. The archive appears only once it is complete.
    """
    storage = storage or default_storage
    created_at = timezone.now()
    date_time = timezone.localtime(created_at).timetuple()[:6]
    partial = path.with_name(f"{path.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            data = write_data(archive, date_time)
            media = write_media(archive, storage, date_time)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": created_at.isoformat(),
                "django_version": django.get_version(),
                "database": connection.vendor,
                "site_name": settings.SITE_NAME,
                "records": sum(entry["count"] for entry in data),
                "media_files": len(media),
                "media_bytes": sum(entry["size"] for entry in media),
                "data": data,
                "media": media,
            }
            archive.writestr(
                zipfile.ZipInfo(MANIFEST_NAME, date_time),
                json.dumps(manifest, indent=2),
                compress_type=zipfile.ZIP_DEFLATED,
            )
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def write_data(archive: zipfile.ZipFile, date_time: tuple) -> list[dict]:
    entries = []
    # One transaction, so the records are one consistent snapshot even while
    # editors work. PostgreSQL needs REPEATABLE READ for that (its default
    # isolation gives each query a snapshot of its own).
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        for model in backup_models():
            label = model._meta.label_lower
            queryset = model._base_manager.order_by("pk")
            many_to_many = [field.name for field in model._meta.many_to_many]
            name = f"data/{label}.jsonl"
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as target:
                writer = ChecksumWriter(target)
                buffered = io.BufferedWriter(writer, CHUNK_SIZE)
                with io.TextIOWrapper(buffered, encoding="utf-8", newline="\n") as text:
                    serializers.serialize(
                        "jsonl",
                        queryset.prefetch_related(*many_to_many).iterator(2000),
                        stream=text,
                        fields=serialized_fields(model),
                        use_natural_foreign_keys=True,
                        use_natural_primary_keys=label in NATURAL_KEY_MODELS,
                        cls=BackupJSONEncoder,
                    )
            entries.append(
                {"model": label, "count": queryset.count(), **writer.entry(name)}
            )
    return entries


def write_media(archive: zipfile.ZipFile, storage, date_time: tuple) -> list[dict]:
    entries = []
    for name in storage_names(storage):
        if name.startswith(f"{KEPT_FOLDER}/"):
            continue  # Uploads waiting for a form's next save, gone in a day.
        if not is_safe_name(name):
            # A backup that cannot be restored is worse than none.
            raise BackupError(
                f"The media file {name!r} has a name restore would refuse; "
                "rename or remove it, then back up again."
            )
        info = zipfile.ZipInfo(media_path(name), date_time)
        # Images and PDFs are compressed already: store them as they are.
        info.compress_type = zipfile.ZIP_STORED
        with (
            storage.open(name, "rb") as source,
            archive.open(info, "w", force_zip64=True) as target,
        ):
            writer = ChecksumWriter(target)
            for chunk in source.chunks(CHUNK_SIZE):
                writer.write(chunk)
        entries.append(writer.entry(name))
    return entries


def storage_names(storage, folder: str = "") -> Iterator[str]:
    """Every file name in ``storage`` under ``folder``, walked with listdir."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local media folder that was never made
        return
    prefix = f"{folder}/" if folder else ""
    for name in sorted(files):
        yield prefix + name
    for name in sorted(folders):
        yield from storage_names(storage, prefix + name)


# Reading and restoring


def is_safe_name(name: str) -> bool:
    """A plain relative path: no "..", no absolute path, drive or backslash."""
    path = PurePosixPath(name)
    return (
        bool(path.parts)
        and name == str(path)  # no "./", "//" or trailing slash either
        and not path.is_absolute()
        and ".." not in path.parts
        and ":" not in path.parts[0]
        and not {"\\", "\x00"} & set(name)
    )


def read_manifest(archive: zipfile.ZipFile) -> dict:
    """The archive's manifest, once its entries and structure are checked."""
    names = archive.namelist()
    for name in names:
        if not is_safe_name(name.removesuffix("/")):
            raise BackupError(f"The archive holds an entry with an unsafe path: {name}")
    if len(set(names)) != len(names):
        raise BackupError("The archive holds two entries of the same name.")
    try:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    except KeyError as error:
        raise BackupError(
            "The archive has no manifest.json: it is not an armcms backup."
        ) from error
    except ValueError as error:
        raise BackupError("The archive's manifest.json cannot be read.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("The archive is not an armcms backup.")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupError(
            f"The archive is in backup format {version!r}; this version of "
            f"armcms reads format {FORMAT_VERSION}. Restore it with the armcms "
            "release that made it."
        )
    for key, fields in (("data", DATA_ENTRY), ("media", MEDIA_ENTRY)):
        entries = manifest.get(key)
        if not isinstance(entries, list) or not all(
            isinstance(entry, dict)
            and all(
                isinstance(entry.get(field), kind) for field, kind in fields.items()
            )
            for entry in entries
        ):
            raise BackupError(f"The archive's manifest has no valid {key!r} list.")
    for entry in manifest["media"]:
        if not is_safe_name(entry["name"]):
            raise BackupError(
                f"The archive lists a media file with an unsafe path: {entry['name']}"
            )
    listed = {MANIFEST_NAME}
    listed |= {entry["name"] for entry in manifest["data"]}
    listed |= {media_path(entry["name"]) for entry in manifest["media"]}
    for name in names:
        if name not in listed and not name.endswith("/"):
            raise BackupError(f"The archive holds {name}, which its manifest omits.")
    known = {model._meta.label_lower for model in backup_models()}
    for entry in manifest["data"]:
        if entry["model"] not in known:
            raise BackupError(
                f"The archive holds records of {entry['model']}, which this site "
                "does not back up (is its app installed?)."
            )
    return manifest


def verify_entries(archive: zipfile.ZipFile, manifest: dict) -> None:
    """Read every entry once and compare it with the manifest's checksum."""
    entries = [(entry["name"], entry) for entry in manifest["data"]]
    entries += [(media_path(entry["name"]), entry) for entry in manifest["media"]]
    for name, entry in entries:
        try:
            info = archive.getinfo(name)
            with archive.open(info) as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except KeyError as error:
            raise BackupError(
                f"{name} is listed in the manifest but missing from the archive."
            ) from error
        except (zipfile.BadZipFile, EOFError, zlib.error) as error:
            raise BackupError(f"{name} is damaged in the archive ({error}).") from error
        if info.file_size != entry["size"] or digest != entry["sha256"]:
            raise BackupError(
                f"{name} does not match the checksum in the manifest: "
                "the archive is damaged or was altered."
            )


def site_has_content() -> bool:
    """Whether anyone has added anything since ``migrate`` made the site."""
    return any(
        model._base_manager.exists()
        for model in backup_models()
        if model._meta.label_lower not in PRESEEDED_MODELS
    )


class MediaRestore:
    """Writes an archive's media files back, and can take them away again."""

    def __init__(self, storage):
        self.storage = storage
        self.written: list[str] = []
        self.unchanged = 0
        self.originals: dict[str, Path] = {}
        self.stash = tempfile.TemporaryDirectory(prefix="armcms-restore-")

    def write(self, archive: zipfile.ZipFile, entry: dict) -> None:
        name = entry["name"]
        if self.storage.exists(name):
            with self.storage.open(name, "rb") as current:
                digest = hashlib.file_digest(current, "sha256").hexdigest()
            if digest == entry["sha256"]:
                self.unchanged += 1
                return
            self.keep_original(name)
            self.storage.delete(name)
        # Listed before saving, so a file left half-written is removed too.
        self.written.append(name)
        with archive.open(media_path(name)) as handle:
            content = File(handle, name=name)
            content.size = entry["size"]
            saved = self.storage.save(name, content)
        if saved != name:
            self.written.append(saved)
            raise BackupError(f"The media storage saved {name} as {saved}.")

    def keep_original(self, name: str) -> None:
        copy = Path(self.stash.name) / str(len(self.originals))
        with self.storage.open(name, "rb") as source, copy.open("wb") as target:
            for chunk in source.chunks(CHUNK_SIZE):
                target.write(chunk)
        self.originals[name] = copy

    def undo(self) -> None:
        """Remove the files written and put back those they replaced."""
        for name in self.written:
            self.storage.delete(name)
        for name, copy in self.originals.items():
            with copy.open("rb") as handle:
                self.storage.save(name, File(handle, name=name))
        self.written = []

    def close(self) -> None:
        self.stash.cleanup()


def restore_backup(path: Path, *, replace: bool = False, storage=None) -> dict:
    """
    Bring the site back to the content of the archive at ``path``: media files
    first, then every record in one transaction. On any error nothing is
    changed: the transaction rolls back and the files written are removed.
    With ``replace`` the site's current content is deleted first (in the same
    transaction); without it a site that has content is refused.
    Returns the manifest, with ``restored`` counts added.
    """
    storage = storage or default_storage
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as error:
        raise BackupError(f"There is no file {path}.") from error
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise BackupError(
            f"{path} is not a backup archive (not a readable zip file)."
        ) from error
    except OSError as error:
        raise BackupError(f"{path} cannot be read: {error.strerror}.") from error
    with archive:
        try:
            manifest = read_manifest(archive)
        except (zipfile.BadZipFile, EOFError, zlib.error) as error:
            raise BackupError(f"{path} is damaged ({error}).") from error
        if not replace and site_has_content():
            raise BackupError(
                "This site already has content (users, pages, figures...). "
                "Restore into a freshly migrated site, or add --replace to "
                "delete the current content first."
            )
        verify_entries(archive, manifest)
        media = MediaRestore(storage)
        try:
            for entry in manifest["media"]:
                try:
                    media.write(archive, entry)
                except (OSError, SuspiciousFileOperation) as error:
                    raise BackupError(
                        f"Could not write the media file {entry['name']}: {error}"
                    ) from error
            try:
                with transaction.atomic():
                    if replace:
                        for model in reversed(backup_models()):
                            model._base_manager.all().delete()
                    restored = load_data(archive, manifest)
                    rebuild_derived_data()
            except (
                DatabaseError,
                DeserializationError,
                ObjectDoesNotExist,
                LookupError,
                ValueError,
            ) as error:
                reason = str(error) or str(error.__cause__) or type(error).__name__
                raise BackupError(
                    f"The records could not be loaded: {reason}"
                ) from error
        except BaseException:
            media.undo()
            raise
        finally:
            media.close()
    invalidate_everything()
    return {
        **manifest,
        "restored": restored,
        "media_written": len(media.written),
        "media_unchanged": media.unchanged,
    }


def load_data(archive: zipfile.ZipFile, manifest: dict) -> dict[str, int]:
    """
    Load every data file with raw saves (no ``save()`` method runs, so stored
    renditions, PDF text and timestamps come back as they were).
    """
    counts, deferred, tables = {}, [], []
    for entry in manifest["data"]:
        model = apps.get_model(entry["model"])
        count = 0
        with (
            archive.open(entry["name"]) as raw,
            io.TextIOWrapper(raw, encoding="utf-8") as text,
        ):
            for item in serializers.deserialize(
                "jsonl", text, handle_forward_references=True
            ):
                if type(item.object) is not model:
                    raise BackupError(
                        f"{entry['name']} holds a record of "
                        f"{item.object._meta.label_lower}."
                    )
                item.save()
                if item.deferred_fields:
                    deferred.append(item)
                count += 1
        if count != entry["count"]:
            raise BackupError(
                f"{entry['name']} holds {count} records; the manifest says "
                f"{entry['count']}."
            )
        counts[entry["model"]] = count
        tables.append(model._meta.db_table)
        tables += [
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
        ]
    for item in deferred:
        item.save_deferred_fields()
    # Foreign keys are checked at commit; checking here reports a dangling
    # reference while the error can still be explained.
    connection.check_constraints(table_names=tables)
    return counts


def rebuild_derived_data() -> None:
    """
    What the records alone do not carry: database sequences past the restored
    ids, the search index, and the roles' permissions as the code
    installed now defines them.
    """
    model_list = backup_models()
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), model_list):
            cursor.execute(sql)
    search.rebuild_index(using=connection.alias)
    sync_roles()

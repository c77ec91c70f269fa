"""The import itself: one transaction, files removed again if it fails."""

import html
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.text import Truncator, slugify

from armcms.content.files import UploadTo, image_validators
from armcms.content.images import manifest_name, rendition_names
from armcms.content.library import (
    Document,
    Image,
    content_hash,
    document_validators,
)
from armcms.content.models import Country, Status, Topic, sanitise, unique_slug

from .conversion import (
    URL_ATTRIBUTE,
    convert_content,
    original_of,
    plain_text,
    uploads_path,
)
from .countries import builtin_countries, normalise_name
from .reader import (
    SUPPORTED_WXR,
    Item,
    Site,
    WordPressImportError,
    parse_date,
    read_export,
)
from .targets import Target, object_at

REDIRECT_MAX = Redirect._meta.get_field("old_path").max_length
SUMMARY_WORDS = 40
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
# Post types whose items are listed as skipped; everything but "post" is.
IMPORTED_TYPES = {"post"}
SKIPPED_STATUSES = {"trash": "in the trash", "auto-draft": "an unsaved auto-draft"}
DRAFT_STATUSES = {"draft", "pending", "private"}
# Categories that say nothing about the content.
IGNORED_TERMS = {"uncategorized", "sin-categoria", "non-classe", "sem-categoria"}


@dataclass
class Report:
    """What an import did, item by item; printed by the command."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    files: int = 0
    topics: int = 0
    countries: int = 0
    redirects: int = 0
    dry_run: bool = False


class Rollback(Exception):
    """Raised to undo a dry run's writes."""


class WordPressImporter:
    """
    One run of the import of ``path``. ``progress`` wraps the iterable of
    items (a tqdm bar, say).
    """

    def __init__(
        self,
        path: Path,
        uploads: Path | None = None,
        category_map: dict[str, Target] | None = None,
        dry_run: bool = False,
        progress: Callable | None = None,
    ):
        self.path = Path(path)
        self.uploads = Path(uploads).resolve() if uploads else None
        self.category_map = category_map or {}
        self.dry_run = dry_run
        self.progress = progress or (lambda items, total: items)
        self.report = Report(dry_run=dry_run)
        self.site = Site()
        self.attachments: dict[int, Item] = {}
        self.written: list[str] = []
        self.files: dict[str, str | None] = {}
        # Library records by storage name.
        self.records: dict[str, Image | Document] = {}
        self.topics: dict[str, Topic] = {}
        self.countries: dict[str, Country | None] = {}
        self.builtin_countries = builtin_countries()
        self.site_hosts: set[str] = set()

    def run(self) -> Report:
        total = self.scan()
        try:
            with transaction.atomic():
                items = self.progress(read_export(self.path), total)
                for item in items:
                    self.import_item(item)
                if self.dry_run:
                    raise Rollback
        except Rollback:
            pass
        except BaseException:
            self.delete_written()
            raise
        return self.report

    def scan(self) -> int:
        """Check the whole file and collect its attachments; count its items."""
        total = 0
        for item in read_export(self.path, self.site):
            total += 1
            if item.post_type == "attachment":
                item.content = item.excerpt = ""
                self.attachments[item.post_id] = item
                if item.attachment_url:
                    self.site_hosts.add(urlsplit(item.attachment_url).netloc)
        if not self.site.version:
            raise WordPressImportError(
                f"{self.path.name} is not a WordPress export (no wp:wxr_version)."
            )
        if self.site.version not in SUPPORTED_WXR:
            self.report.warnings.append(
                (self.path.name, f"WXR version {self.site.version} was not tested")
            )
        for url in (self.site.link, self.site.base_site_url, self.site.base_blog_url):
            if url:
                self.site_hosts.add(urlsplit(url).netloc)
        return total

    def delete_written(self) -> None:
        for name in self.written:
            default_storage.delete(name)
        self.written.clear()

    # One item

    def import_item(self, item: Item) -> None:
        if item.post_type == "attachment":
            self.report.skipped.append(
                (item.label, "attachment: its file is imported where a post uses it")
            )
            return
        if item.post_type not in IMPORTED_TYPES:
            self.report.skipped.append(
                (item.label, f"post type {item.post_type or '(none)'} is not imported")
            )
            return
        if item.status in SKIPPED_STATUSES:
            self.report.skipped.append((item.label, SKIPPED_STATUSES[item.status]))
            return
        written_before = len(self.written)
        files_before = dict(self.files)
        records_before = dict(self.records)
        try:
            with transaction.atomic():
                self.save_item(item)
        except (DatabaseError, ValidationError, OSError, ValueError) as error:
            # This item's rows are rolled back; so are the files it wrote.
            for name in self.written[written_before:]:
                default_storage.delete(name)
            del self.written[written_before:]
            self.files = files_before
            self.records = records_before
            self.report.failed.append((item.label, f"{type(error).__name__}: {error}"))

    def save_item(self, item: Item) -> None:
        target = self.target_for(item)
        model = target.model
        existing = self.find_existing(item)
        obj = existing or model()
        if existing and not isinstance(existing, model):
            self.warn(
                item,
                f"already imported as a {existing._meta.verbose_name}; kept there",
            )
        before = self.snapshot(obj) if existing else None

        removed = Counter()
        body = self.map_upload_urls(item, convert_content(item.content, removed))
        for name, count in sorted(removed.items()):
            self.warn(item, f"shortcode [{name}] removed ({count}x)")

        title = plain_text(item.title)
        if not title:
            title = Truncator(plain_text(body)).words(8, truncate="…") or (
                f"Untitled WordPress post {item.post_id}"
            )
            self.warn(item, f"no title; titled «{title}»")
        obj.title = title[: obj._meta.get_field("title").max_length]
        obj.summary = plain_text(item.excerpt) or Truncator(plain_text(body)).words(
            SUMMARY_WORDS, truncate="…"
        )
        obj.body = body
        published_at = parse_date(item)
        if published_at is None:
            published_at = obj.published_at if existing else timezone.now()
            self.warn(item, "no valid date; dated now")
        obj.published_at = published_at
        obj.status = Status.DRAFT if item.status in DRAFT_STATUSES else Status.PUBLISHED
        if item.status not in DRAFT_STATUSES | {"publish", "future"}:
            self.warn(item, f"unknown status {item.status!r}; imported as published")
        if not existing:
            obj.slug = self.new_slug(obj, item)
        if target.kind and hasattr(obj, "kind") and not existing:
            obj.kind = target.kind
        if hasattr(obj, "year") and not obj.year:
            obj.year = published_at.year
        self.attach_lead_image(obj, item)
        self.attach_document(obj, item)

        # As saving will store it, so a second run sees what is unchanged.
        sanitise(obj)
        topics, countries = self.taxonomy(item)
        if (
            before is not None
            and self.snapshot(obj) == before
            and (
                set(obj.topics.all()) == set(topics)
                and set(obj.countries.all()) == set(countries)
            )
        ):
            self.report.unchanged.append(item.label)
        else:
            obj.save()
            obj.topics.set(topics)
            obj.countries.set(countries)
            (self.report.updated if existing else self.report.created).append(
                item.label
            )
        self.add_redirects(item, obj)

    def target_for(self, item: Item) -> Target:
        for term in item.terms:
            if term.domain == "category":
                target = self.category_map.get(term.slug) or self.category_map.get(
                    slugify(term.name)
                )
                if target:
                    return target
        return Target("news")

    def snapshot(self, obj) -> dict:
        return {
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if f.editable and not isinstance(f, models.AutoField)
        }

    def new_slug(self, obj, item: Item) -> str:
        wanted = slugify(unquote(item.slug))[: obj._meta.get_field("slug").max_length]
        slug = unique_slug(obj, wanted.strip("-") or obj.title)
        if wanted and slug != wanted:
            self.warn(item, f"slug {wanted!r} was taken; using {slug!r}")
        return slug

    # Idempotency and old links

    def query_path(self, item: Item) -> str:
        return f"{self.site.base_path}/?p={item.post_id}"

    def find_existing(self, item: Item) -> models.Model | None:
        """The item imported from this post by an earlier run, if any."""
        redirect = Redirect.objects.filter(
            site_id=settings.SITE_ID, old_path=self.query_path(item)
        ).first()
        return object_at(redirect.new_path) if redirect else None

    def add_redirects(self, item: Item, obj) -> None:
        new_path = obj.get_absolute_url()
        old_paths = [self.query_path(item)]
        if item.link:
            # As request.get_full_path() gives it: percent-encoded, upper case.
            parts = urlsplit(item.link)
            path = escape_uri_path(unquote(parts.path))
            old_paths.append(path + (f"?{parts.query}" if parts.query else ""))
        for old_path in dict.fromkeys(old_paths):
            if old_path in {new_path, "", "/"}:
                continue
            if len(old_path) > REDIRECT_MAX:
                self.warn(item, f"old address too long to redirect: {old_path}")
                continue
            self.redirect(old_path, new_path)

    def redirect(self, old_path: str, new_path: str) -> None:
        _redirect, created = Redirect.objects.update_or_create(
            site_id=settings.SITE_ID,
            old_path=old_path,
            defaults={"new_path": new_path},
        )
        self.report.redirects += created

    # Taxonomy

    def taxonomy(self, item: Item) -> tuple[list[Topic], list[Country]]:
        topics, countries = [], []
        for term in item.terms:
            if term.domain not in {"category", "post_tag"} or not term.name:
                continue
            slug = term.slug or slugify(term.name)
            if slug in IGNORED_TERMS or (
                term.domain == "category" and slug in self.category_map
            ):
                continue
            country = self.country_named(term.name)
            if country:
                countries.append(country)
            else:
                topics.append(self.topic_named(term.name))
        return list(dict.fromkeys(topics)), list(dict.fromkeys(countries))

    def country_named(self, name: str) -> Country | None:
        key = normalise_name(name)
        if key not in self.countries:
            self.countries[key] = self.find_country(key)
        return self.countries[key]

    def find_country(self, key: str) -> Country | None:
        for country in Country.objects.all():
            if key in {normalise_name(country.name), normalise_name(country.slug)}:
                return country
        if key not in self.builtin_countries:
            return None
        code, english = self.builtin_countries[key]
        country = (
            Country.objects.filter(code=code).first()
            or Country.objects.filter(name__iexact=english).first()
        )
        if country is None:
            country = Country.objects.create(name=english, code=code)
            self.report.countries += 1
        return country

    def topic_named(self, name: str) -> Topic:
        name = name[: Topic._meta.get_field("name").max_length]
        key = name.casefold()
        if key not in self.topics:
            topic = Topic.objects.filter(name__iexact=name).first()
            if topic is None:
                topic = Topic.objects.create(name=name)
                self.report.topics += 1
            self.topics[key] = topic
        return self.topics[key]

    # Files

    def attachment_path(self, attachment: Item) -> str | None:
        return attachment.meta.get("_wp_attached_file") or uploads_path(
            attachment.attachment_url
        )

    def attach_lead_image(self, obj, item: Item) -> None:
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        if not thumbnail:
            return
        attachment = self.attachments.get(int(thumbnail) if thumbnail.isdigit() else 0)
        if attachment is None:
            self.warn(item, f"featured image {thumbnail} is not in the export")
            return
        relative = self.attachment_path(attachment)
        name = self.import_file(item, relative, "images") if relative else None
        if not name or self.dry_run:
            return
        image = self.library_record(Image, name)
        alt = (
            plain_text(attachment.meta.get("_wp_attachment_image_alt", ""))
            or plain_text(attachment.title)
            or obj.title
        )[:255]
        if not image.alt:
            image.alt = alt
            image.save()
        if obj.lead_image_id != image.pk:
            obj.lead_image = image
        obj.lead_image_alt = alt

    def attach_document(self, obj, item: Item) -> None:
        """A press release's or publication's PDF: its first attached PDF."""
        if not hasattr(obj, "pdf") or obj.pdf:
            return
        for attachment in self.attachments.values():
            relative = self.attachment_path(attachment) or ""
            if attachment.parent == item.post_id and relative.lower().endswith(".pdf"):
                name = self.import_file(item, relative, "documents")
                if name and not self.dry_run:
                    obj.pdf = self.library_record(Document, name)
                return

    def map_upload_urls(self, item: Item, body: str) -> str:
        """Point src and href at uploads to the imported files."""

        def replace(match):
            url = html.unescape(match["url"])
            host = urlsplit(url).netloc
            relative = uploads_path(url)
            if not relative or (host and host not in self.site_hosts):
                return match[0]
            suffix = PurePosixPath(relative).suffix.lower()
            if suffix in IMAGE_SUFFIXES:
                name = self.import_image_or_variant(item, relative)
            elif suffix == ".pdf":
                name = self.import_file(item, relative, "documents")
            else:
                self.warn(item, f"link to {relative} left pointing at the old site")
                return match[0]
            if not name:
                return match[0]
            url = default_storage.url(name)
            return f"{match['before']}{match['quote']}{url}{match['quote']}"

        return URL_ATTRIBUTE.sub(replace, body)

    def import_image_or_variant(self, item: Item, relative: str) -> str | None:
        """The original of a size variant (imported once), else the variant."""
        original = original_of(relative)
        if original and (
            self.local_file(original) or self.stored_file(self.upload_path(original))
        ):
            return self.import_file(item, original, "editor")
        return self.import_file(item, relative, "editor")

    def local_file(self, relative: str) -> Path | None:
        if self.uploads is None:
            return None
        candidate = (self.uploads / relative).resolve()
        if not candidate.is_relative_to(self.uploads) or not candidate.is_file():
            return None
        return candidate

    def import_file(self, item: Item, relative: str, folder: str) -> str | None:
        """
        Store ``relative`` (a path in the uploads folder) once, checked as the
        admin checks uploads; the storage name, or None when it is missing or
        refused (and reported). Its old address redirects to the new one,
        which also tells the next run it is already there.
        """
        relative = relative.strip().lstrip("/")
        if relative in self.files:
            return self.files[relative]
        old_path = self.upload_path(relative)
        self.files[relative] = name = self.stored_file(old_path)
        if name:
            return name
        source = self.local_file(relative)
        if source is None:
            where = self.uploads or "(no --uploads folder given)"
            self.warn(item, f"file {relative} not found in {where}")
            return None
        model = Document if folder == "documents" else Image
        with source.open("rb") as handle:
            upload = File(handle, name=source.name)
            try:
                for validator in (
                    document_validators if model is Document else image_validators
                ):
                    validator(upload)
            except ValidationError as error:
                self.warn(item, f"file {relative} refused: {' '.join(error.messages)}")
                return None
            target = UploadTo("documents" if model is Document else "images")(
                None, source.name
            )
            if self.dry_run:
                self.files[relative] = target
                return target
            digest = content_hash(upload)
            same = model.objects.filter(file_hash=digest).first()
            if same is not None:
                # The same file under another name (or another post's copy):
                # one library record.
                name = same.file.name
            else:
                name = default_storage.save(target, upload)
                self.written.append(name)
                record = model(file=name, file_hash=digest)
                record.save()
                self.records[name] = record
                if model is Image:
                    # Made by the save; removed with the rest if the import fails.
                    self.written += [
                        *rendition_names(record.renditions),
                        manifest_name(name),
                    ]
                self.report.files += 1
        self.files[relative] = name
        if len(old_path) <= REDIRECT_MAX:
            self.redirect(old_path, default_storage.url(name))
        return name

    def library_record(self, model, name: str):
        """The library record of the stored file ``name`` (made for a file
        an earlier import stored before the library existed)."""
        record = self.records.get(name)
        if record is None or not isinstance(record, model):
            record = model.objects.filter(file=name).first()
            if record is None:
                record = model(file=name)
                record.save()
            self.records[name] = record
        return record

    def upload_path(self, relative: str) -> str:
        """The old address of an upload, as request.get_full_path() gives it."""
        return escape_uri_path(f"{self.site.base_path}/wp-content/uploads/{relative}")

    def stored_file(self, old_path: str) -> str | None:
        """The storage name a previous run gave the file at ``old_path``."""
        redirect = Redirect.objects.filter(
            site_id=settings.SITE_ID, old_path=old_path
        ).first()
        if redirect is None:
            return None
        base = default_storage.url("")
        if not redirect.new_path.startswith(base):
            return None
        name = unquote(redirect.new_path[len(base) :])
        return name if default_storage.exists(name) else None

    def warn(self, item: Item, message: str) -> None:
        self.report.warnings.append((item.label, message))

"""
The media library: images and documents uploaded once and used by any field
that shows them (lead images, covers, page sections, people's photos, the
editor's images, publications' PDFs).

An image is a record: its file (checked by content and stripped of its
metadata when it comes in, see ``armcms.content.files``), a title, the alt
text, caption and credit its uses start from (per language), a focal point,
tags, and its renditions: smaller copies at several widths in its own format
and WebP, and crops for cards (16:9) and for shared links (1200 by 630) cut
around the focal point. They are made when the image is saved, so no visitor
waits for them. A record's file is never replaced: a new picture is a new
record, so a use never changes behind its item's back.

A document is a record too: a PDF or an office file, its title, language
and description, and the PDF's text, kept for search.

Files are compared by their content (SHA-256 of what is stored): the same
photo uploaded twice, by the editor or the WordPress import, is one record.
"""

import contextlib
import hashlib
import logging
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import registry
from .files import (
    UploadTo,
    image_validators,
    is_new_upload,
    read_pdf,
    refuse_larger_than,
    strip_image_metadata,
)
from .images import (
    UNREADABLE_IMAGE_ERRORS,
    forget_body_image,
    make_renditions,
    publish_body_image_renditions,
    rendition_names,
)
from .models import sanitise
from .richtext import RichTextField

logger = logging.getLogger(__name__)

DOCUMENT_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp"]
# What an office file's zip container names as its kind (OpenDocument's
# ``mimetype`` entry), or holds (Office Open XML's ``[Content_Types].xml``).
OPEN_DOCUMENT_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
OFFICE_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def content_hash(file) -> str:
    """SHA-256 of ``file``'s content, read in chunks; its position is kept."""
    digest = hashlib.sha256()
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(position)
    return digest.hexdigest()


def same_content(model, file):
    """The record of ``model`` already holding a file with ``file``'s
    content (checked and stripped as it will be stored), or None."""
    return model.objects.filter(file_hash=content_hash(file)).first()


def title_from_name(name: str) -> str:
    """ "mining-cooperative_2024.jpg" → "Mining cooperative 2024"."""
    words = PurePath(name).stem.replace("-", " ").replace("_", " ").split()
    return " ".join(words).capitalize()[:255]


class LibraryRecord(models.Model):
    """What images and documents share: title, tags, who uploaded them when."""

    site_role = registry.LIBRARY

    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("For finding it in the library; made from the file name if empty."),
    )
    tags = models.CharField(
        _("tags"),
        max_length=255,
        blank=True,
        help_text=_("Words to find it by, separated by commas."),
    )
    file_hash = models.CharField(
        max_length=64, blank=True, editable=False, db_index=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title or PurePath(self.file.name).name

    def save(self, *args, **kwargs):
        sanitise(self)
        if self.file and is_new_upload(self.file):
            self.prepare_upload()
            self.file_hash = content_hash(self.file)
        if not self.title and self.file:
            self.title = title_from_name(self.file.name)
        super().save(*args, **kwargs)

    def prepare_upload(self) -> None:
        """Make a new upload ready to store (an image loses its metadata)."""

    def forget_files(self) -> None:
        """
        Delete the record's files once its deletion commits. Called for each
        deleted record however it goes (post_delete, see armcms.apps): one
        at a time, a bulk action or a cascade.
        """
        names = self.stored_names()
        transaction.on_commit(lambda: delete_files(names))

    def stored_names(self) -> list[str]:
        return [self.file.name] if self.file else []


def forget_record_files(sender, instance, **kwargs) -> None:
    """post_delete's receiver for the library's records."""
    instance.forget_files()


def delete_files(names: list[str]) -> None:
    """Delete a record's files, unless another record stores the same name."""
    for name in names:
        if not (
            Image.objects.filter(file=name).exists()
            or Document.objects.filter(file=name).exists()
        ):
            default_storage.delete(name)


class Image(LibraryRecord):
    file = models.ImageField(
        _("file"),
        upload_to=UploadTo("images"),
        max_length=255,
        validators=image_validators,
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG, WebP or GIF."),
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    alt = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it. Each use "
            "starts from it and may say it otherwise."
        ),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who took or owns the image, e.g. “François Tancré - Samlerhuset”."
        ),
    )
    focal_x = models.PositiveIntegerField(
        _("focal point, from the left"), null=True, blank=True
    )
    focal_y = models.PositiveIntegerField(
        _("focal point, from the top"), null=True, blank=True
    )
    renditions = models.JSONField(default=dict, editable=False)

    class Meta(LibraryRecord.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.refresh_renditions()

    def clean(self):
        super().clean()
        given = (self.focal_x is None, self.focal_y is None)
        if given[0] != given[1]:
            raise ValidationError(
                _("Give both coordinates of the focal point, or neither."),
                code="focal_point_half",
            )
        if self.focal_x is None or not self.width:
            return
        if self.focal_x >= self.width or self.focal_y >= self.height:
            raise ValidationError(
                _(
                    "The focal point must lie inside the image, which is "
                    "%(width)s by %(height)s pixels."
                ),
                code="focal_point_outside",
                params={"width": self.width, "height": self.height},
            )

    def prepare_upload(self) -> None:
        strip_image_metadata(self.file)

    def focal_point(self) -> tuple[float, float] | None:
        """The focal point as fractions of the width and height, or None."""
        if self.focal_x is None or self.focal_y is None or not self.width:
            return None
        return (self.focal_x + 0.5) / self.width, (self.focal_y + 0.5) / self.height

    def refresh_renditions(self, force: bool = False) -> None:
        """Make the renditions the stored file and focal point need, when
        they are not made yet (or ``force``)."""
        focal = self.focal_point()
        current = self.renditions or {}
        wanted = {"source": self.file.name, "focal": focal and list(focal)}
        if not force and {k: current.get(k) for k in wanted} == wanted:
            return
        old_names = rendition_names(current)
        try:
            renditions = make_renditions(self.file, focal=focal)
        except UNREADABLE_IMAGE_ERRORS:
            # Pages show the original.
            logger.warning("No renditions for %s", self.file.name, exc_info=True)
            renditions = {"source": self.file.name}
        renditions["focal"] = wanted["focal"]
        type(self).objects.filter(pk=self.pk).update(renditions=renditions)
        self.renditions = renditions
        publish_body_image_renditions(self.file.name, renditions)
        stale = set(old_names) - set(rendition_names(renditions))
        transaction.on_commit(lambda: [default_storage.delete(n) for n in stale])

    def stored_names(self) -> list[str]:
        return [*super().stored_names(), *rendition_names(self.renditions or {})]

    def forget_files(self) -> None:
        super().forget_files()
        name = self.file.name
        transaction.on_commit(lambda: forget_body_image(name))


def validate_document(file) -> None:
    """
    A PDF (``%PDF-`` in its first kilobyte), or an office file whose zip
    container holds what its extension says, below the size limit.
    """
    if not is_new_upload(file):
        return
    refuse_larger_than(
        file,
        settings.MAX_DOCUMENT_UPLOAD_MB,
        _("The file is larger than %(limit)s MB."),
        "document_too_large",
    )
    extension = PurePath(file.name).suffix.lower().lstrip(".")
    position = file.tell()
    file.seek(0)
    try:
        if extension == "pdf":
            valid = b"%PDF-" in file.read(1024)
        else:
            valid = _is_office_file(file, extension)
    finally:
        file.seek(position)
    if not valid:
        raise ValidationError(
            _("This file is not the kind its name says (%(extension)s)."),
            code="document_content",
            params={"extension": extension.upper()},
        )


def _is_office_file(file, extension: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if extension in OPEN_DOCUMENT_TYPES:
                return (
                    "mimetype" in names
                    and archive.read("mimetype").strip()
                    == OPEN_DOCUMENT_TYPES[extension]
                )
            part = OFFICE_PARTS.get(extension)
            return "[Content_Types].xml" in names and any(
                name.startswith(part) for name in names
            )
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return False


document_validators = [FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_document]


class Document(LibraryRecord):
    file = models.FileField(
        _("file"),
        upload_to=UploadTo("documents"),
        max_length=255,
        validators=document_validators,
        help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument."),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    language = models.CharField(
        _("language of the document"),
        max_length=5,
        blank=True,
        choices=settings.LANGUAGES,
    )
    # Size, pages (a PDF's) and the name they were read from.
    file_info = models.JSONField(default=dict, editable=False)
    text = models.TextField(_("text"), blank=True, editable=False)

    class Meta(LibraryRecord.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.file and self.file_info.get("name") != self.file.name:
            self.file_info, self.text = document_contents(self.file)
            type(self).objects.filter(pk=self.pk).update(
                file_info=self.file_info, text=self.text
            )

    @property
    def extension(self) -> str:
        return PurePath(self.file.name).suffix.lstrip(".").upper()


def document_contents(field_file) -> tuple[dict, str]:
    """A stored document's size, pages and text (a PDF's; others give size)."""
    if field_file.name.lower().endswith(".pdf"):
        read = read_pdf(field_file)
        return read["info"], read["text"]
    info = {"name": field_file.name, "size": None, "pages": None}
    with contextlib.suppress(OSError):
        info["size"] = field_file.size
    return info, ""


def rich_text_columns() -> dict[type[models.Model], list[str]]:
    """Every column of rich text (each language's too), per model."""
    found = {}
    for model in registry.models_in(*registry.ROLES):
        columns = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, RichTextField)
        ]
        if columns:
            found[model] = columns
    return found


def text_uses(name: str) -> list[models.Model]:
    """The rows whose rich text shows the stored file ``name``."""
    address = default_storage.url(name)
    uses = []
    for model, columns in rich_text_columns().items():
        query = Q()
        for column in columns:
            query |= Q(**{f"{column}__contains": address})
        uses.extend(model._default_manager.filter(query))
    return uses


def uses(record: LibraryRecord) -> list[tuple[models.Model, str]]:
    """
    Where ``record`` is used: ``(row, what)`` for every row that chooses it
    in a field (a lead image, a cover, a section) and every text showing it.
    """
    found = []
    for relation in record._meta.related_objects:
        rows = relation.related_model._default_manager.filter(
            **{relation.field.name: record}
        )
        found.extend((row, relation.field.verbose_name) for row in rows)
    if record.file:
        found.extend((row, _("text")) for row in text_uses(record.file.name))
    return found

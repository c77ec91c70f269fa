"""Upload paths, checks and readers shared by every model that stores files."""

import io
import logging
from functools import cache
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader

from .images import UNREADABLE_IMAGE_ERRORS, strip_metadata
from .richtext import clean_text

logger = logging.getLogger(__name__)

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"]
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
# Enough for any report; PostgreSQL's search vectors are capped at 1 MB.
MAX_PDF_TEXT = 200_000
MAX_PDF_PAGES_READ = 500


@deconstructible
class UploadTo:
    """Files uploads under ``<folder>/<year>/<month>/`` with a clean ASCII name."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        path = PurePath(filename)
        stem = slugify(path.stem)[:80] or "file"
        return f"{self.folder}/{timezone.now():%Y/%m}/{stem}{path.suffix.lower()[:10]}"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and self.folder == other.folder


def is_new_upload(file) -> bool:
    # A stored file was checked when it came in; reading it again on every
    # save would cost a trip to the storage (and fail if it went missing).
    # Django's own FileField.pre_save relies on the same flag.
    return not getattr(file, "_committed", False)


def refuse_larger_than(file, limit: int, message: str, code: str) -> None:
    """A ValidationError when ``file`` is over ``limit`` megabytes."""
    if file.size > limit * 1024 * 1024:
        raise ValidationError(message, code=code, params={"limit": limit})


def validate_image(file) -> None:
    """
    Refuse images too large in bytes or in pixels (a small file can unpack to
    gigabytes), and formats other than JPEG, PNG, WebP and GIF. An accepted
    new upload then loses its metadata (see ``strip_image_metadata``): every
    way an image comes in (admin forms, the editor, the WordPress import)
    checks it here before storing it.
    """
    if not is_new_upload(file):
        return
    refuse_larger_than(
        file,
        settings.MAX_IMAGE_UPLOAD_MB,
        _("The image is larger than %(limit)s MB. Please upload a smaller one."),
        "image_too_large",
    )
    position = file.tell()
    file.seek(0)
    try:
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("The image has far too many pixels to be processed safely."),
            code="image_too_many_pixels",
        ) from error
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("This file is not an image that can be read."), code="invalid_image"
        ) from error
    finally:
        file.seek(position)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("Upload a JPEG, PNG, WebP or GIF image."), code="image_format"
        )
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "The image is %(width)s by %(height)s pixels; please upload one "
                "of at most %(megapixels)s megapixels."
            ),
            code="image_too_many_pixels",
            params={
                "width": width,
                "height": height,
                "megapixels": settings.MAX_IMAGE_PIXELS // 1_000_000,
            },
        )
    strip_image_metadata(file)


def strip_image_metadata(file) -> None:
    """
    Replace the content of the new upload ``file`` (a File, or a model's
    FieldFile holding one) by a copy without metadata: no GPS position, camera
    or date, its orientation applied (see armcms.content.images.strip_metadata). Done
    once per upload; refused with a ValidationError when the image cannot be
    decoded.
    """
    if not is_new_upload(file):
        return
    upload = file.file if isinstance(file, FieldFile) else file
    if getattr(upload, "metadata_stripped", False):
        return
    try:
        data = strip_metadata(upload).read()
    except UNREADABLE_IMAGE_ERRORS as error:
        raise ValidationError(
            _("This file is not an image that can be read."), code="invalid_image"
        ) from error
    if isinstance(upload, UploadedFile):
        # A request's upload, in memory or in a temporary file, is rewritten
        # where it is, so a storage that moves temporary files moves the
        # clean one.
        upload.file.seek(0)
        upload.file.truncate()
        upload.file.write(data)
        upload.file.seek(0)
    else:
        # Any other file (the import's, a script's) is left as it is on disk.
        upload.file.close()
        upload.file = io.BytesIO(data)
    upload.size = len(data)
    upload.metadata_stripped = True
    if isinstance(file, ImageFieldFile) and hasattr(file, "_dimensions_cache"):
        del file._dimensions_cache  # Turned images swap width and height.


@cache
def image_field_names(model) -> tuple[str, ...]:
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.ImageField)
    )


def strip_new_images(sender, instance, raw=False, **kwargs) -> None:
    """
    Before any model is saved, its new image uploads lose their metadata,
    also when they were not validated (a save from the shell or a script).
    """
    if raw:
        return
    for name in image_field_names(sender):
        # A deferred field is not loaded (and so holds no new upload).
        if name in instance.__dict__ and (file := getattr(instance, name)):
            strip_image_metadata(file)


pre_save.connect(strip_new_images, dispatch_uid="armcms.content.files.strip_new_images")


def read_pdf(field_file) -> dict:
    """
    Size, page count and text of a stored PDF, for the download link and for
    search. A PDF that cannot be read gives no text; it is still kept.
    """
    info = {"name": field_file.name, "size": None, "pages": None}
    text = ""
    try:
        info["size"] = field_file.size
        with field_file.open("rb") as handle:
            reader = PdfReader(handle)
            info["pages"] = len(reader.pages)
            parts = []
            for page in reader.pages[:MAX_PDF_PAGES_READ]:
                parts.append(page.extract_text() or "")
                if sum(map(len, parts)) > MAX_PDF_TEXT:
                    break
            text = "\n".join(parts)[:MAX_PDF_TEXT]
    except Exception:  # pypdf raises many kinds of error on damaged files.
        logger.warning("Could not read the text of %s", field_file.name, exc_info=True)
    # Some PDFs map glyphs to lone surrogates or control characters.
    text = text.encode("utf-8", "replace").decode("utf-8")
    return {"info": info, "text": clean_text(text)}


def validate_pdf(file) -> None:
    """Accept only real PDF files (checked by content) below the size limit.
    Named by the migrations of the fields that held PDFs before the library
    (see armcms.content.library.validate_document)."""
    if not is_new_upload(file):
        return
    refuse_larger_than(
        file,
        settings.MAX_DOCUMENT_UPLOAD_MB,
        _("The file is larger than %(limit)s MB."),
        "document_too_large",
    )
    position = file.tell()
    file.seek(0)
    header = file.read(1024)
    file.seek(position)
    if b"%PDF-" not in header:
        raise ValidationError(_("This file is not a PDF document."), code="not_a_pdf")


image_validators = [FileExtensionValidator(IMAGE_EXTENSIONS), validate_image]


def validate_logo_format(file) -> None:
    """
    A logo is a PNG or a WebP, formats with transparency that every browser
    shows. SVG is not taken: an SVG file can carry scripts.
    """
    if not is_new_upload(file):
        return
    position = file.tell()
    file.seek(0)
    try:
        with Image.open(file) as image:
            image_format = image.format
    except (OSError, ValueError, Image.DecompressionBombError):
        image_format = None
    finally:
        file.seek(position)
    if image_format not in ("PNG", "WEBP"):
        raise ValidationError(
            _("Upload the logo as a PNG or WebP image."), code="logo_format"
        )


logo_validators = [validate_image, validate_logo_format]

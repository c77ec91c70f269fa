"""Upload paths and checks shared by every model that stores files."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"]


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


def _is_new_upload(file) -> bool:
    # A stored file was checked when it came in; reading it again on every
    # save would cost a trip to the storage (and fail if it went missing).
    # Django's own FileField.pre_save relies on the same flag.
    return not getattr(file, "_committed", False)


def validate_image_size(file) -> None:
    if not _is_new_upload(file):
        return
    limit = settings.MAX_IMAGE_UPLOAD_MB
    if file.size > limit * 1024 * 1024:
        raise ValidationError(
            _("The image is larger than %(limit)s MB. Please upload a smaller one."),
            code="image_too_large",
            params={"limit": limit},
        )


def validate_pdf(file) -> None:
    """Accept only real PDF files (checked by content) below the size limit."""
    if not _is_new_upload(file):
        return
    limit = settings.MAX_DOCUMENT_UPLOAD_MB
    if file.size > limit * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(limit)s MB."),
            code="document_too_large",
            params={"limit": limit},
        )
    position = file.tell()
    file.seek(0)
    header = file.read(1024)
    file.seek(position)
    if b"%PDF-" not in header:
        raise ValidationError(_("This file is not a PDF document."), code="not_a_pdf")


image_validators = [FileExtensionValidator(IMAGE_EXTENSIONS), validate_image_size]
pdf_validators = [FileExtensionValidator(["pdf"]), validate_pdf]

import logging

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum import isbn

from armcms.content.files import UploadTo, image_validators
from armcms.content.images import make_renditions
from armcms.content.links import slug_url
from armcms.content.locale import default_language, field_name
from armcms.content.models import DocumentMixin, PublishableModel, Taxonomy

logger = logging.getLogger(__name__)


def validate_isbn(value: str) -> None:
    if not isbn.is_valid(value):
        raise ValidationError(
            _("Enter a valid ISBN-10 or ISBN-13, e.g. 978-3-16-148410-0."),
            code="invalid_isbn",
        )


class Series(Taxonomy):
    """Publications issued in numbered parts, e.g. a column in several instalments."""

    slug_source = "title"

    title = models.CharField(_("title"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return self.title


class Kind(models.TextChoices):
    REPORT = "report", _("Report")
    PAPER = "paper", _("Paper")
    ARTICLE = "article", _("Article / opinion")
    BRIEF = "brief", _("Brief")
    STANDARD = "standard", _("Standard")
    GUIDE = "guide", _("Guide")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")
    OTHER = "other", _("Other")


class Publication(DocumentMixin, PublishableModel):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.REPORT)
    authors = models.CharField(
        _("authors"),
        max_length=500,
        blank=True,
        help_text=_("Names separated by commas, as they appear on the publication."),
    )
    abstract = models.TextField(_("abstract"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language, default=Language.ENGLISH
    )
    year = models.PositiveSmallIntegerField(
        _("publication year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    isbn = models.CharField(
        _("ISBN"), max_length=17, blank=True, validators=[validate_isbn]
    )
    cover_image = models.ImageField(
        _("cover image"),
        upload_to=UploadTo("covers"),
        max_length=255,
        blank=True,
        validators=image_validators,
    )
    # Read in derived_changes() rather than through width_field/height_field,
    # which would open the file on every load of a row whose size is unknown.
    cover_image_width = models.PositiveIntegerField(null=True, editable=False)
    cover_image_height = models.PositiveIntegerField(null=True, editable=False)
    cover_image_renditions = models.JSONField(default=dict, editable=False)
    cover_image_alt = models.CharField(
        _("cover image alt text"), max_length=255, blank=True
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("series"),
    )
    part_number = models.PositiveSmallIntegerField(
        _("part"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Which part of the series this is: 1, 2, 3..."),
    )

    list_url_name = "publications:publication_list"
    search_weights = {
        **PublishableModel.search_weights,
        "authors": "B",
        "abstract": "B",
        "pdf_text": "D",
    }

    class Meta(PublishableModel.Meta):
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "part_number"],
                name="publications_unique_series_part",
                violation_error_message=_(
                    "This series already has a part with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(series__isnull=False) | Q(part_number__isnull=True),
                name="publications_part_needs_series",
                violation_error_message=_("A part number needs a series."),
            ),
        ]

    def get_absolute_url(self):
        return slug_url("publications:publication_detail", self.slug)

    def derived_changes(self) -> dict:
        """The lead image's and the PDF's, and the cover's size and renditions."""
        return {**super().derived_changes(), **self.cover_changes()}

    def cover_changes(self) -> dict:
        renditions = self.cover_image_renditions or {}
        if not self.cover_image:
            cleared = {
                "cover_image_renditions": {},
                "cover_image_width": None,
                "cover_image_height": None,
            }
            return cleared if renditions or self.cover_image_width else {}
        if renditions.get("source") == self.cover_image.name:
            return {}
        return cover_image_changes(self.cover_image)

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.series_id and self.part_number is None:
            errors.setdefault("part_number", []).append(
                _("Give the part number within the series.")
            )
        if self.part_number is not None and not self.series_id:
            errors.setdefault("series", []).append(
                _("Choose the series this part belongs to.")
            )
        alt_field = field_name("cover_image_alt", default_language())
        if self.cover_image and not (getattr(self, alt_field) or "").strip():
            errors.setdefault(alt_field, []).append(
                _("Describe the cover for people who cannot see it.")
            )
        if errors:
            raise ValidationError(errors)
        if self.isbn and isbn.is_valid(self.isbn):
            self.isbn = isbn.format(self.isbn)


def cover_image_changes(cover) -> dict:
    """
    The size and renditions of the cover image ``cover`` (a field file);
    only its name when it cannot be read, so the page shows the original.
    """
    try:
        return {
            "cover_image_width": cover.width,
            "cover_image_height": cover.height,
            "cover_image_renditions": make_renditions(cover),
        }
    except (OSError, ValueError):
        logger.warning("No renditions for %s", cover.name, exc_info=True)
        return {
            "cover_image_width": None,
            "cover_image_height": None,
            "cover_image_renditions": {"source": cover.name},
        }

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum import isbn

from armcms.content.links import slug_url
from armcms.content.locale import default_language, field_name
from armcms.content.models import (
    DocumentMixin,
    PublishableModel,
    Taxonomy,
    library_alt,
)


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
    cover_image = models.ForeignKey(
        "armcms.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications_cover",
        verbose_name=_("cover image"),
        help_text=_("Shown whole, beside the publication."),
    )
    cover_image_alt = models.CharField(
        _("cover image alt text"),
        max_length=255,
        blank=True,
        help_text=_("Empty, the image's own alt text from the library is used."),
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
        if self.cover_image_id and not (
            (getattr(self, alt_field) or "").strip() or library_alt(self.cover_image)
        ):
            errors.setdefault(alt_field, []).append(
                _("Describe the cover for people who cannot see it.")
            )
        if errors:
            raise ValidationError(errors)
        if self.isbn and isbn.is_valid(self.isbn):
            self.isbn = isbn.format(self.isbn)

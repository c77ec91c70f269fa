"""
What every content app stands on: the publishable base model and its
QuerySet, the shared taxonomy (topics, countries) and the homepage settings.
"""

import logging
import re
from datetime import datetime
from functools import reduce
from operator import or_
from typing import Self
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.search import (
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import DatabaseError, models, transaction
from django.db.models import Min, Q
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from . import registry, search
from .files import UploadTo, image_validators, logo_validators
from .locale import (
    default_language,
    field_name,
    fill_slugs,
    language_codes,
)
from .redirects import follow_slug_changes
from .richtext import RichTextField, clean_text, kept_html

logger = logging.getLogger(__name__)

RELATED_CANDIDATES = 200
# Publish and expiry dates outside these years are typing mistakes ("9999" for
# "never"), and some would overflow date arithmetic in the database.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def translated_field_names(model) -> set[str]:
    """The fields of ``model`` that have a column per language."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def slug_columns(model) -> list[str]:
    """
    Every language's slug column of ``model``. They share one namespace: an
    item's address in a language without a slug of its own uses the default
    language's, so no slug may belong to two items, in whatever languages.
    """
    if "slug" not in translated_field_names(model):
        return []
    return [field_name("slug", code) for code in language_codes()]


def address_columns(model) -> list[str]:
    """
    Every language's column of the field ``model``'s addresses are made of
    (its ``address_field``): the slug, or a page's path in the tree.
    """
    name = getattr(model, "address_field", "slug")
    if name not in translated_field_names(model):
        return []
    return [field_name(name, code) for code in language_codes()]


def unique_slug(instance: models.Model, value: str, slug_field: str = "slug") -> str:
    """
    Slugify ``value`` and add ``-2``, ``-3``... until no other row of the
    instance's model uses it.
    """
    max_length = instance._meta.get_field(slug_field).max_length
    base = slugify(value)[:max_length].strip("-") or instance._meta.model_name
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    taken = set()
    for column in slug_columns(type(instance)) or [slug_field]:
        taken.update(
            others.filter(**{f"{column}__startswith": base}).values_list(
                column, flat=True
            )
        )
    slug, n = base, 1
    while slug in taken:
        n += 1
        suffix = f"-{n}"
        slug = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
    return slug


class Taxonomy(models.Model):
    """
    A way to file content (a topic, a country, a series), named by
    ``slug_source``; its slug, left empty, is made from that name, in the
    default language.
    """

    site_role = registry.TAXONOMY
    slug_source = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with translation.override(default_language()):
            if not self.slug:
                self.slug = unique_slug(self, getattr(self, self.slug_source))
            super().save(*args, **kwargs)


class Topic(Taxonomy):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class Country(Taxonomy):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z]{2}$", _("Enter the two-letter ISO 3166 code, e.g. CO.")
            )
        ],
        help_text=_("Two-letter ISO 3166 code, e.g. CO for Colombia."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.code = self.code.upper()
        super().save(*args, **kwargs)

    def clean(self):
        # Before the uniqueness check, so "co" is seen to clash with "CO".
        self.code = self.code.upper()


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Visibility(models.TextChoices):
    """Where an item stands for the public; derived from status and times."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    EXPIRED = "expired", _("Expired")


def visibility_conditions(now) -> dict[Visibility, Q]:
    """
    The one definition of what the public may see, and of the other states,
    at the moment ``now``. The QuerySet filters by it; ``visibility`` reads
    the same rule off one item.
    """
    released = Q(status=Status.PUBLISHED)
    not_expired = Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    return {
        Visibility.DRAFT: Q(status=Status.DRAFT),
        Visibility.SCHEDULED: released & Q(published_at__gt=now),
        Visibility.PUBLISHED: released & Q(published_at__lte=now) & not_expired,
        Visibility.EXPIRED: released & Q(published_at__lte=now, expires_at__lte=now),
    }


class PublishedQuerySet(models.QuerySet):
    """
    What the public may see. Every public page, list, feed, sitemap and
    search goes through ``published()``.
    """

    def with_visibility(self, visibility: str) -> Self:
        """The items whose derived visibility is ``visibility``."""
        conditions = visibility_conditions(timezone.now())
        return self.filter(conditions[Visibility(visibility)])

    def published(self) -> Self:
        return self.with_visibility(Visibility.PUBLISHED)

    def drafts(self) -> Self:
        return self.with_visibility(Visibility.DRAFT)

    def scheduled(self) -> Self:
        return self.with_visibility(Visibility.SCHEDULED)

    def expired(self) -> Self:
        return self.with_visibility(Visibility.EXPIRED)

    def next_transition(self, now) -> datetime | None:
        """
        The next moment after ``now`` at which one of these items appears or
        expires: where the public view of them changes with no save.
        """
        conditions = visibility_conditions(now)
        found = self.aggregate(
            appears=Min("published_at", filter=conditions[Visibility.SCHEDULED]),
            expires=Min(
                "expires_at",
                filter=Q(status=Status.PUBLISHED, expires_at__gt=now),
            ),
        )
        return min(filter(None, found.values()), default=None)

    def visible_to(self, user) -> Self:
        """Staff see every item (to preview it); everyone else what is published."""
        if user.is_active and user.is_staff:
            return self.all()
        return self.published()

    def for_listing(self) -> Self:
        """Without the long columns that lists, cards and feeds never show."""
        long_columns = {
            "body",
            "search_vector",
            "pdf_text",
            "abstract",
            "sections_text",
        }
        names = {field.name for field in self.model._meta.concrete_fields}
        return self.defer(*(long_columns & names)).with_library()

    def with_library(self) -> Self:
        """With the library's images and documents the items choose (their
        lead image, a cover, a PDF), in the same query."""
        return self.select_related(
            *(
                field.name
                for field in self.model._meta.concrete_fields
                if field.is_relation
                and getattr(field.related_model, "site_role", None) == registry.LIBRARY
            )
        )

    def featured_first(self) -> Self:
        return self.order_by("-is_featured", "-published_at")

    def related_to(self, item: "PublishableModel") -> Self:
        """
        Other items sharing topics with ``item``, those sharing most first.
        Only the newest items on those topics are weighed, so the cost stays
        the same however large the archive grows.
        """
        topic_ids = [topic.pk for topic in item.topics.all()]
        candidates = (
            self.exclude(pk=item.pk)
            .filter(topics__in=topic_ids)
            .order_by("-published_at")
            .values("pk")[:RELATED_CANDIDATES]
        )
        return (
            self.filter(pk__in=candidates)
            .annotate(
                shared_topics=models.Count("topics", filter=Q(topics__in=topic_ids))
            )
            .order_by("-shared_topics", "-published_at")
        )

    def search(self, query: str) -> Self:
        """
        Items matching every word of ``query``, accents and case aside,
        annotated with ``rank`` (higher is better); see
        ``armcms.content.search``.
        """
        return search.search(self, query, translation.get_language())


def sanitise(item: models.Model) -> None:
    """
    What the site keeps of ``item``'s text, as every save stores it: rich
    text sanitised (and nothing for an empty paragraph), other text without
    control characters. Whatever writes content (the admin, the WordPress
    import, a shell) goes through it.
    """
    translated = translated_field_names(type(item))
    for field in item._meta.concrete_fields:
        if isinstance(field, RichTextField):
            kept = kept_html(getattr(item, field.attname))
            setattr(item, field.attname, kept or (None if field.null else ""))
        elif field.name in translated:
            continue  # Its columns per language are cleaned instead.
        elif isinstance(field, models.CharField | models.TextField):
            value = getattr(item, field.attname)
            if isinstance(value, str):
                setattr(item, field.attname, clean_text(value))


@receiver(pre_save, dispatch_uid="armcms.content.models.sanitise_raw_write")
def sanitise_raw_write(sender, instance, raw, **kwargs):
    """
    A raw write (a revert or recovery in the admin, a restored backup) skips
    the model's ``save()``: what reaches the site is sanitised all the same.
    """
    if raw and registry.shown_publicly(sender):
        sanitise(instance)


@receiver(post_save, dispatch_uid="armcms.content.models.index_raw_write")
def index_raw_write(sender, instance, raw, **kwargs):
    """A raw write (a revert in the admin) changes what search must find."""
    if raw and isinstance(instance, PublishableModel):
        instance.write_derived_columns({})


class PublishableModel(models.Model):
    """Fields and rules shared by every piece of public content."""

    site_role = registry.CONTENT

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_(
            "The last part of the page's address. Filled in from the title; "
            "left empty, it is made from the title when saving."
        ),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown on lists and in search results."),
    )
    body = RichTextField(_("body"), blank=True)
    lead_image = models.ForeignKey(
        "armcms.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s_lead",
        verbose_name=_("lead image"),
        help_text=_("Choose one from the library, or upload a new one there."),
    )
    lead_image_alt = models.CharField(
        _("lead image alt text"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it. Empty, the "
            "image's own alt text from the library is used."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publish date"),
        default=timezone.now,
        help_text=_("A time in the future schedules the item."),
    )
    expires_at = models.DateTimeField(
        _("expiry date"),
        null=True,
        blank=True,
        help_text=_("Optional: the item leaves the public site at this time."),
    )
    is_featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Featured items come first on the homepage."),
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("topics"),
    )
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("countries"),
    )
    seo_description = models.CharField(
        _("SEO description"),
        max_length=300,
        blank=True,
        help_text=_(
            "Shown by search engines and when the page is shared. "
            "The summary is used when this is empty."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When the text last changed, per language (see note_translation_changes).
    translated_at = models.DateTimeField(_("text changed"), null=True, editable=False)
    # Kept up to date on PostgreSQL only (see armcms.content.search).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublishedQuerySet.as_manager()

    # The URL name of the model's public list (set by each concrete model).
    list_url_name = ""

    # The fields search looks in, with PostgreSQL's weights (A counts most).
    search_weights = {"title": "A", "summary": "B", "body": "C"}

    # Whether lists and the item's page show its publish date (news do; a
    # page such as "About us" does not).
    dated = True

    # The field an item's address is made of, in each language: its slug
    # here; a page's whole path in the tree (see pages.models.Page).
    address_field = "slug"

    class Meta:
        abstract = True
        ordering = ["-published_at"]
        get_latest_by = "published_at"
        # "publish" (publish_<model>): publishing, unpublishing, scheduling
        # and featuring; see armcms.content.publishing.
        default_permissions = ("add", "change", "delete", "view", "publish")
        indexes = [
            models.Index(
                fields=["status", "-published_at"],
                name="%(app_label)s_%(class)s_pub",
            ),
            # For the homepage: featured items first, then the newest.
            models.Index(
                fields=["status", "-is_featured", "-published_at"],
                name="%(app_label)s_%(class)s_feat",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitised before it is compared with the saved text, so only a real
        # change of the text counts as one.
        sanitise(self)
        fill_slugs(self, "title", type(self).slug_for)
        saved = self.saved_columns()
        self.note_translation_changes(saved)
        # The columns of the original fields keep the default language's text
        # whichever language is active.
        with (
            translation.override(default_language()),
            follow_slug_changes(self, kwargs.get("update_fields"), saved=saved),
        ):
            super().save(*args, **kwargs)
        self.write_derived_columns(self.derived_changes())

    def text_columns(self) -> dict[str, list[str]]:
        """The columns of each language's text, by language."""
        names = [
            name
            for name in translated_field_names(type(self))
            if name
            not in {"slug", self.address_field, "translated_at", "search_vector"}
        ]
        return {
            language: [field_name(name, language) for name in names]
            for language in language_codes()
        }

    def saved_columns(self) -> dict | None:
        """
        The text and slugs of the row as it is stored, read once for what a
        save compares (translations, addresses); None for a new item.
        """
        if self._state.adding or self.pk is None:
            return None
        columns = [c for language in self.text_columns().values() for c in language]
        columns += slug_columns(type(self)) or ["slug"]
        columns += address_columns(type(self))
        return (
            type(self)
            ._default_manager.filter(pk=self.pk)
            .values(*dict.fromkeys(columns))
            .first()
        )

    def write_derived_columns(self, changes: dict) -> None:
        """
        Store what is worked out from the saved row: ``changes`` (the
        renditions and document text of new files, see ``derived_changes``)
        and then the item's entry in the search index, made from the stored
        text (a document's text included, so after the changes are written).
        """
        row = type(self)._default_manager.filter(pk=self.pk)
        if changes:
            for field, value in changes.items():
                setattr(self, field, value)
            row.update(**changes)
        try:
            with transaction.atomic(using=self._state.db):
                search.index_item(self)
        except DatabaseError:
            # The item is saved; it is only missing from search.
            logger.exception("Not indexed for search: %s %s", self._meta.label, self.pk)

    def clean(self):
        errors = {}
        for name in ("published_at", "expires_at"):
            moment = getattr(self, name)
            if moment and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
                errors[name] = _(
                    "Enter a date between the years %(first)d and %(last)d."
                ) % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
        alt_text = getattr(self, field_name("lead_image_alt", default_language()))
        if self.lead_image_id and not (
            (alt_text or "").strip() or library_alt(self.lead_image)
        ):
            errors[field_name("lead_image_alt", default_language())] = _(
                "Describe the image for people who cannot see it."
            )
        if (
            self.expires_at
            and self.published_at
            and self.expires_at <= self.published_at
        ):
            errors["expires_at"] = _("The expiry date must be after the publish date.")
        errors.update(self.slug_clashes())
        if errors:
            raise ValidationError(errors)
        fill_slugs(self, "title", type(self).slug_for)

    def prepare_raw_write(self) -> None:
        """
        Called before a raw write of the item (a revert in the admin,
        ``loaddata``), which skips ``save()``: a model whose row holds more
        than its fields' values (a page's place in the tree) puts it in order
        here. Nothing to do by default.
        """

    def slug_for(self, text: str, slug_field: str) -> str:
        """A slug made from ``text`` that no other item uses."""
        return unique_slug(self, text, slug_field)

    def slug_clashes(self) -> dict:
        """Errors for slugs that another item uses in another language."""
        columns = slug_columns(type(self))
        others = type(self)._default_manager.exclude(pk=self.pk)
        errors = {}
        for column in columns:
            slug = getattr(self, column)
            elsewhere = [Q(**{other: slug}) for other in columns if other != column]
            if slug and elsewhere and others.filter(reduce(or_, elsewhere)).exists():
                errors[column] = _(
                    "Another item has this address in another language; "
                    "choose another slug."
                )
        return errors

    def is_live(self) -> bool:
        """Whether the public can see this item now (mirrors ``published()``)."""
        return self.visibility == Visibility.PUBLISHED

    @property
    def visibility(self) -> Visibility:
        now = timezone.now()
        if self.status != Status.PUBLISHED:
            return Visibility.DRAFT
        if self.published_at > now:
            return Visibility.SCHEDULED
        if self.expires_at is not None and self.expires_at <= now:
            return Visibility.EXPIRED
        return Visibility.PUBLISHED

    def get_visibility_display(self) -> str:
        return self.visibility.label

    @classmethod
    def get_list_url(cls) -> str:
        return reverse(cls.list_url_name)

    @property
    def description(self) -> str:
        """What search engines, shares and feeds show: the page language's
        own SEO description or summary before the original's."""
        language = translation.get_language()
        for name in ("seo_description", "summary"):
            if text := getattr(self, field_name(name, language), None):
                return text
        return self.seo_description or self.summary

    def derived_changes(self) -> dict:
        """
        Fields copied from the library records the item chooses, recomputed
        when the choice changes (whether it came through the admin, an
        import or the shell).
        """
        return {}

    def lead_image_text(self) -> str:
        """The lead image's alt text: the item's own, else the image's."""
        return self.lead_image_alt or (self.lead_image.alt if self.lead_image else "")

    def note_translation_changes(self, saved: dict | None) -> None:
        """
        Set ``translated_at`` for each language whose text changed from the
        ``saved`` row (or that has text, for a new item), so a translation
        last edited before its original changed shows as out of date.
        """
        now = timezone.now()
        for language, language_columns in self.text_columns().items():
            texts = [getattr(self, column) or "" for column in language_columns]
            if not any(texts):
                continue
            if not saved or texts != [
                saved[column] or "" for column in language_columns
            ]:
                setattr(self, field_name("translated_at", language), now)

    def search_vector_for(self, language: str):
        """
        The item's search vector in ``language`` (an expression of its row):
        each field's translation with that language's stemming, or the
        default language's text with its own where a field is not
        translated.
        """
        return search.vector_expression(type(self), self.search_weights, language)


class DocumentMixin(models.Model):
    """An optional PDF whose size and text are read once, when it is uploaded."""

    pdf = models.ForeignKey(
        "armcms.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("document to download"),
        help_text=_("Choose it from the library, or upload it there."),
    )
    # The chosen document's size and pages, and its text for search, copied
    # from the library when the choice changes.
    pdf_info = models.JSONField(default=dict, editable=False)
    pdf_text = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True

    def derived_changes(self) -> dict:
        changes = super().derived_changes()
        if not self.pdf:
            if self.pdf_info:
                changes.update(pdf_info={}, pdf_text="")
        elif self.pdf_info.get("name") != self.pdf.file.name:
            changes.update(pdf_info=self.pdf.file_info, pdf_text=self.pdf.text)
        return changes


def library_alt(image) -> str:
    """A library image's own alt text in the site's first language."""
    return (getattr(image, field_name("alt", default_language()), "") or "").strip()


def validate_site_link(value: str) -> None:
    """An address on this site (starting with one "/"), a web address, or an
    email address to write to (``mailto:``)."""
    if value.startswith("/") and not value.startswith("//"):
        return
    if value.startswith("mailto:"):
        EmailValidator(_("Enter a valid email address after “mailto:”."))(
            value.removeprefix("mailto:")
        )
        return
    URLValidator(schemes=["http", "https"])(value)


def validate_brand_colour(value: str) -> None:
    """A colour as ``#rrggbb``, dark enough to carry white text and to be
    read as text on white (WCAG's 4.5:1 for normal text)."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValidationError(
            _("Enter the colour as # and six hexadecimal digits, such as #24533c."),
            code="invalid",
        )
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "This colour is too light: white text on it, or it as text on "
                "white, has a contrast of %(ratio).1f:1, and at least 4.5:1 is "
                "needed to be read. Choose a darker shade."
            ),
            code="contrast",
            params={"ratio": ratio},
        )


MIN_CONTRAST = 4.5


def contrast_with_white(colour: str) -> float:
    """WCAG 2's contrast ratio between ``#rrggbb`` and white."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return 1.05 / (luminance + 0.05)


class Singleton(models.Model):
    """Settings of the whole site: one row (pk 1), edited in one form."""

    site_role = registry.SETTINGS

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1), name="%(app_label)s_%(class)s_single_row"
            )
        ]

    def save(self, *args, **kwargs):
        self.pk = 1
        with translation.override(default_language()):
            super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> Self:
        """The saved settings, or the defaults when none were saved yet."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class HomePage(Singleton):
    """The homepage's editable texts and how much each section shows."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A sentence or two opening the “Our work” section."),
    )
    our_work = RichTextField(_("our work"), blank=True)
    our_work_link = models.CharField(
        _("“Our work” link"),
        max_length=500,
        blank=True,
        validators=[validate_site_link],
        help_text=_(
            "Where the section's “More about our work” link leads: an address "
            "on this site (/our-work/, /es/nuestro-trabajo/) or on another "
            "(https://...). Each language may have its own."
        ),
    )
    lead_title = models.CharField(
        _("lead story's title"),
        max_length=120,
        blank=True,
        help_text=_(
            "The story or campaign that opens the homepage, in large type over "
            "its image. Empty: the homepage opens with the organisation's name "
            "and tagline."
        ),
    )
    lead_text = models.TextField(
        _("lead story's text"),
        max_length=300,
        blank=True,
        help_text=_("A sentence or two under the title."),
    )
    lead_image = models.ForeignKey(
        "armcms.Image",
        verbose_name=_("lead story's image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "A wide picture, shown beside the text; its alternative text is "
            "the image's own."
        ),
    )
    lead_link = models.CharField(
        _("call to action's address"),
        max_length=500,
        blank=True,
        validators=[validate_site_link],
        help_text=_(
            "Where the button leads: an address on this site (/our-work/) or "
            "on another (https://...). Each language may have its own."
        ),
    )
    lead_link_label = models.CharField(
        _("call to action's label"),
        max_length=40,
        blank=True,
        help_text=_("The button's words, such as “Read the report”."),
    )
    news_count = models.PositiveSmallIntegerField(
        _("news items shown"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    press_release_count = models.PositiveSmallIntegerField(
        _("press releases shown"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    publication_count = models.PositiveSmallIntegerField(
        _("publications shown"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    impact_count = models.PositiveSmallIntegerField(
        _("impact figures shown"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta(Singleton.Meta):
        verbose_name = _("homepage")
        verbose_name_plural = _("homepage")

    def __str__(self):
        return str(_("Homepage"))

    @classmethod
    def load(cls) -> Self:
        """The saved settings with the lead story's image, in one query."""
        return cls.objects.select_related("lead_image").filter(pk=1).first() or cls(
            pk=1
        )

    def clean(self):
        super().clean()
        errors = {}
        for language in language_codes():

            def shown(name, language=language):
                # A language without its own text shows the default language's.
                return getattr(self, field_name(name, language)) or getattr(
                    self, field_name(name, default_language())
                )

            if shown("lead_link") and not shown("lead_link_label"):
                errors[field_name("lead_link_label", language)] = _(
                    "Give the button its words."
                )
            if shown("lead_link_label") and not shown("lead_link"):
                errors[field_name("lead_link", language)] = _(
                    "Give the button an address to lead to."
                )
            if (
                shown("lead_text") or shown("lead_link") or self.lead_image_id
            ) and not shown("lead_title"):
                errors[field_name("lead_title", language)] = _(
                    "A lead story needs its title."
                )
        if errors:
            raise ValidationError(errors)


class SiteIdentity(Singleton):
    """
    Who the site speaks for: the organisation's name and tagline in each
    language, its logo, the image shared when a page has none of its own,
    and where to subscribe or donate. Until a name is set, the site uses
    the ``SITE_NAME`` setting.
    """

    name = models.CharField(
        _("organisation's name"),
        max_length=120,
        blank=True,
        help_text=_(
            "As the header, page titles, feeds and shared links show it; each "
            "language may have its own."
        ),
    )
    tagline = models.CharField(
        _("tagline"),
        max_length=200,
        blank=True,
        help_text=_("A line under the name on the homepage."),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to=UploadTo("identity"),
        max_length=255,
        blank=True,
        validators=logo_validators,
        width_field="logo_width",
        height_field="logo_height",
        help_text=_(
            "PNG or WebP, shown in the header beside the name, at most 48 pixels high."
        ),
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    share_image = models.ImageField(
        _("share image"),
        upload_to=UploadTo("identity"),
        max_length=255,
        blank=True,
        validators=image_validators,
        width_field="share_image_width",
        height_field="share_image_height",
        help_text=_(
            "Shown when a page without a lead image of its own is shared on "
            "social media; 1200 by 630 pixels suits most."
        ),
    )
    share_image_width = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    share_image_height = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    newsletter_url = models.URLField(
        _("newsletter sign-up address"),
        blank=True,
        help_text=_("Where visitors subscribe; the footer links to it."),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        blank=True,
        validators=[validate_brand_colour],
        help_text=_(
            "The main colour, as #rrggbb: the header, footer and buttons, with "
            "white text on it. Empty: deep green (#24533c)."
        ),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[validate_brand_colour],
        help_text=_(
            "The second colour, as #rrggbb: links, rules and highlights, on "
            "white. Empty: ochre (#8a4b08)."
        ),
    )
    donation_url = models.URLField(
        _("donation address"),
        blank=True,
        help_text=_("Where visitors give; the header links to it."),
    )
    contact_address = models.TextField(
        _("contact address"),
        blank=True,
        help_text=_("The postal address, shown in the footer of every page."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    press_contact = models.TextField(
        _("press contact"),
        blank=True,
        help_text=_("Who journalists write or call, shown in the footer."),
    )
    # Plain links: no script or widget from the networks is loaded.
    linkedin_url = models.URLField("LinkedIn", blank=True)
    facebook_url = models.URLField("Facebook", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    x_url = models.URLField("X", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    SOCIAL_FIELDS = (
        "linkedin_url",
        "facebook_url",
        "instagram_url",
        "x_url",
        "youtube_url",
    )

    class Meta(Singleton.Meta):
        verbose_name = _("site identity")
        verbose_name_plural = _("site identity")

    def __str__(self):
        return str(_("Site identity"))

    def social_links(self) -> list[tuple[str, str]]:
        """``(network, address)`` of each social network the site is on."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.SOCIAL_FIELDS
            if getattr(self, name)
        ]

    @property
    def site_name(self) -> str:
        """The name in the active language, else in the default one, else SITE_NAME."""
        return self.name or settings.SITE_NAME

    def brand_query(self) -> str:
        """
        The brand colours as the query of the stylesheet that sets them
        (``brand=24533c&accent=8a4b08``, see armcms.website.views.brand_css),
        or "" when the site keeps the stylesheet's own. The address carries
        the colours themselves, so a preview shows the colours being chosen
        and browsers keep each version for good.
        """
        return urlencode(
            [
                (name, colour.lower().removeprefix("#"))
                for name, colour in (
                    ("brand", self.brand_colour),
                    ("accent", self.accent_colour),
                )
                if colour
            ]
        )

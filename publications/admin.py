from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from armcms.backoffice.mixins import (
    LEAD_IMAGE_FIELDSET,
    PUBLISHING_FIELDSET,
    SEO_FIELDSET,
    TAXONOMY_FIELDSET,
    PublishableAdminMixin,
    TranslatedAdmin,
    TranslatedVersionAdmin,
    every_language,
)

from .models import Publication, Series


@admin.register(Series)
class SeriesAdmin(TranslatedAdmin):
    list_display = ["title", "slug"]
    search_fields = every_language("title")
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Publication)
class PublicationAdmin(PublishableAdminMixin, TranslatedVersionAdmin):
    list_display = [
        "original_title",
        "kind",
        "series",
        "part_number",
        "visibility_badge",
        "published_at",
        "is_featured",
        "translation_states",
        "link",
    ]
    list_filter = ["kind", "language", *PublishableAdminMixin.list_filter, "series"]
    list_select_related = ["series"]
    search_fields = [*PublishableAdminMixin.search_fields, "authors", "isbn"]
    autocomplete_fields = [*PublishableAdminMixin.autocomplete_fields, "series"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body"]}),
        (
            _("About the publication"),
            {"fields": ["authors", "abstract", "language", "year", "isbn"]},
        ),
        (_("Series"), {"fields": ["series", "part_number"]}),
        (_("Files"), {"fields": ["pdf", "cover_image", "cover_image_alt"]}),
        PUBLISHING_FIELDSET,
        LEAD_IMAGE_FIELDSET,
        TAXONOMY_FIELDSET,
        SEO_FIELDSET,
    ]

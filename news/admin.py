from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from armcms.backoffice.mixins import (
    LEAD_IMAGE_FIELDSET,
    PUBLISHING_FIELDSET,
    SEO_FIELDSET,
    TAXONOMY_FIELDSET,
    PublishableAdminMixin,
    TranslatedVersionAdmin,
    every_language,
)

from .models import NewsArticle, PressRelease


@admin.register(NewsArticle)
class NewsArticleAdmin(PublishableAdminMixin, TranslatedVersionAdmin):
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        PUBLISHING_FIELDSET,
        LEAD_IMAGE_FIELDSET,
        TAXONOMY_FIELDSET,
        SEO_FIELDSET,
    ]


@admin.register(PressRelease)
class PressReleaseAdmin(PublishableAdminMixin, TranslatedVersionAdmin):
    list_display = [*PublishableAdminMixin.list_display, "dateline"]
    search_fields = [
        *PublishableAdminMixin.search_fields,
        *every_language("dateline"),
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dateline", "summary", "body"]}),
        (_("Attachment"), {"fields": ["pdf"]}),
        PUBLISHING_FIELDSET,
        LEAD_IMAGE_FIELDSET,
        TAXONOMY_FIELDSET,
        SEO_FIELDSET,
    ]

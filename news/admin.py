from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from reversion_compare.admin import CompareVersionAdmin

from armcms.admin import (
    LEAD_IMAGE_FIELDSET,
    PUBLISHING_FIELDSET,
    SEO_FIELDSET,
    TAXONOMY_FIELDSET,
    PublishableAdminMixin,
)

from .models import NewsArticle, PressRelease


@admin.register(NewsArticle)
class NewsArticleAdmin(PublishableAdminMixin, CompareVersionAdmin):
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        PUBLISHING_FIELDSET,
        LEAD_IMAGE_FIELDSET,
        TAXONOMY_FIELDSET,
        SEO_FIELDSET,
    ]


@admin.register(PressRelease)
class PressReleaseAdmin(PublishableAdminMixin, CompareVersionAdmin):
    list_display = [*PublishableAdminMixin.list_display, "dateline"]
    search_fields = [*PublishableAdminMixin.search_fields, "dateline"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dateline", "summary", "body"]}),
        (_("Attachment"), {"fields": ["pdf"]}),
        PUBLISHING_FIELDSET,
        LEAD_IMAGE_FIELDSET,
        TAXONOMY_FIELDSET,
        SEO_FIELDSET,
    ]

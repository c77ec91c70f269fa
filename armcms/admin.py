"""
The back office for the site's own records: topics, countries, the homepage,
the site's identity.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .backoffice import library  # noqa: F401 - registers the library's admins
from .backoffice.choosers import LibraryChoosersMixin
from .backoffice.drafts import DraftAdminMixin
from .backoffice.mixins import TranslatedAdmin, TranslatedVersionAdmin, every_language
from .backoffice.staff import StaffAdmin
from .backoffice.uploads import KeepWorkAdminMixin
from .content.models import Country, HomePage, SiteIdentity, Topic


@admin.register(Topic)
class TopicAdmin(TranslatedAdmin):
    translation_key = "name"
    list_display = ["name", "slug"]
    search_fields = every_language("name")
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(TranslatedAdmin):
    translation_key = "name"
    list_display = ["name", "code", "slug"]
    search_fields = [*every_language("name"), "code"]
    prepopulated_fields = {"slug": ["name"]}


class SingletonAdmin(DraftAdminMixin, KeepWorkAdminMixin, TranslatedVersionAdmin):
    """
    One settings object: the list and add pages lead to its change page,
    whose preview shows the homepage as the object would make it. Changes
    wait as a draft until published, as a content item's do.
    """

    def preview_address(self, obj) -> str:
        return reverse("home")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        opts = self.model._meta
        if not self.model.objects.filter(pk=1).exists():
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        return redirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[1])
        )


@admin.register(HomePage)
class HomePageAdmin(LibraryChoosersMixin, SingletonAdmin):
    translation_key = "intro"

    fieldsets = [
        (
            _("Lead story"),
            {
                "fields": [
                    "lead_title",
                    "lead_text",
                    "lead_image",
                    "lead_link",
                    "lead_link_label",
                ]
            },
        ),
        (None, {"fields": ["intro", "our_work", "our_work_link"]}),
        (
            _("How many items each section shows"),
            {
                "fields": [
                    "news_count",
                    "press_release_count",
                    "publication_count",
                    "impact_count",
                ]
            },
        ),
    ]


@admin.register(SiteIdentity)
class SiteIdentityAdmin(SingletonAdmin):
    translation_key = "name"

    fieldsets = [
        (None, {"fields": ["name", "tagline"]}),
        (_("Images"), {"fields": ["logo", "share_image"]}),
        (
            _("Brand colours"),
            {
                "fields": ["brand_colour", "accent_colour"],
                "description": _(
                    "The site's two colours. The style guide shows every "
                    "component in them."
                ),
            },
        ),
        (_("Links"), {"fields": ["newsletter_url", "donation_url"]}),
        (
            _("Contact, in the footer"),
            {"fields": ["contact_address", "contact_email", "press_contact"]},
        ),
        (_("Social networks"), {"fields": list(SiteIdentity.SOCIAL_FIELDS)}),
    ]


# Staff are added with their role and a welcome email (armcms.backoffice.staff).
admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), StaffAdmin)

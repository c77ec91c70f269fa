"""The back office for the site's own records: topics, countries, the homepage."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .backoffice.mixins import TranslatedAdmin, TranslatedVersionAdmin, every_language
from .content.models import Country, HomePage, Topic


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


@admin.register(HomePage)
class HomePageAdmin(TranslatedVersionAdmin):
    """One settings object: the list and add pages lead to its change page."""

    translation_key = "intro"

    fieldsets = [
        (None, {"fields": ["intro", "our_work"]}),
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

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not HomePage.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        homepage = HomePage.objects.filter(pk=1).first()
        if homepage is None:
            return redirect(reverse("admin:armcms_homepage_add"))
        return redirect(reverse("admin:armcms_homepage_change", args=[homepage.pk]))

"""The back office pieces shared by every content app."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Country, HomePage, Status, Topic

admin.site.site_header = _("armcms back office")
admin.site.site_title = _("armcms")
admin.site.index_title = _("Content")

PUBLISHING_FIELDSET = (
    _("Publishing"),
    {"fields": ["status", "published_at", "expires_at", "is_featured"]},
)
TAXONOMY_FIELDSET = (_("Topics and countries"), {"fields": ["topics", "countries"]})
LEAD_IMAGE_FIELDSET = (_("Lead image"), {"fields": ["lead_image", "lead_image_alt"]})
SEO_FIELDSET = (
    _("Search engines and sharing"),
    {"fields": ["seo_description"], "classes": ["collapse"]},
)


class PublishableAdminMixin:
    """
    Columns, filters, search and bulk actions for any ``PublishableModel``.
    Admins list their own ``fieldsets`` built from the fieldsets above.
    """

    list_display = ["title", "status", "published_at", "is_live", "is_featured"]
    list_filter = ["status", "is_featured", "published_at", "topics", "countries"]
    search_fields = ["title", "slug", "summary"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "countries"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish", "unpublish", "feature", "unfeature"]
    save_on_top = True

    @admin.display(boolean=True, description=_("live"))
    def is_live(self, obj):
        return obj.is_live()

    def update_selected(self, queryset, **values) -> int:
        # update() skips save(), so the timestamp is set here.
        return queryset.update(updated_at=timezone.now(), **values)

    @admin.action(description=_("Publish selected items"))
    def publish(self, request, queryset):
        count = self.update_selected(queryset, status=Status.PUBLISHED)
        self.message_user(
            request,
            ngettext("%(count)d item published.", "%(count)d items published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected items (back to draft)"))
    def unpublish(self, request, queryset):
        count = self.update_selected(queryset, status=Status.DRAFT)
        self.message_user(
            request,
            ngettext(
                "%(count)d item moved back to draft.",
                "%(count)d items moved back to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Feature selected items"))
    def feature(self, request, queryset):
        count = self.update_selected(queryset, is_featured=True)
        self.message_user(
            request,
            ngettext("%(count)d item featured.", "%(count)d items featured.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Stop featuring selected items"))
    def unfeature(self, request, queryset):
        count = self.update_selected(queryset, is_featured=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d item no longer featured.",
                "%(count)d items no longer featured.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slug"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(HomePage)
class HomePageAdmin(admin.ModelAdmin):
    """One settings object: the list and add pages lead to its change page."""

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

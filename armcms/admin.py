"""The back office pieces shared by every content app."""

import logging
from copy import deepcopy
from datetime import datetime

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from reversion_compare.admin import CompareVersionAdmin

from .admin_translation import (
    TranslationStateFilter,
    fragment,
    item_state,
    language_name,
    language_tabs,
    translation_languages,
)
from .cache import bump_content_version
from .content_checks import check_item
from .forms import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    ModelMultipleChoiceField,
)
from .locale import default_language, field_name, language_codes
from .models import Country, HomePage, Status, Topic, Visibility

logger = logging.getLogger(__name__)

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
PUBLISHER_FIELDS = ["published_at", "expires_at", "is_featured"]
SAVE_FAILED_MESSAGE = _(
    "The item could not be saved: the database reported an error, and nothing "
    "was changed. Your edits are still in the form below; save again, and if it "
    "keeps failing, tell the site administrator."
)


def every_language(*names: str) -> list[str]:
    """The column of each of ``names`` in every language: what search looks in."""
    return [field_name(name, code) for name in names for code in language_codes()]


def same_value(submitted, saved) -> bool:
    """Equal as far as the form can tell (it shows times to the second)."""
    if isinstance(saved, datetime):
        saved = saved.replace(microsecond=0)
    return submitted == saved


class PublishableAdminForm(forms.ModelForm):
    """
    The change form of any publishable item. Only users allowed to publish
    (``can_publish``, set by the admin) may publish, unpublish, or change the
    schedule of published content; anyone else gets a form error on the
    field and keeps the rest of their input.
    """

    can_publish = False
    # Set by the admin when the database refused this very submission.
    save_failed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = gettext("Times are in the %(zone)s time zone.") % {
            "zone": settings.TIME_ZONE
        }
        for name in ("published_at", "expires_at"):
            if name in self.fields:
                field = self.fields[name]
                field.help_text = f"{field.help_text} {zone}".strip()
        if not self.can_publish and "status" in self.fields:
            self.fields["status"].help_text = _(
                "Only publishers can publish or unpublish. Save as a draft and "
                "a publisher will take it from there."
            )

    def clean(self):
        cleaned_data = super().clean()
        if self.save_failed:
            self.add_error(None, SAVE_FAILED_MESSAGE)
        if not self.can_publish:
            self.check_publishing_rights(cleaned_data)
        return cleaned_data

    def check_publishing_rights(self, cleaned_data):
        # Compared with the saved item (clean() runs before the form's values
        # are copied onto it), never with initial values the browser sends.
        saved = self.instance
        was_published = saved.pk is not None and saved.status == Status.PUBLISHED
        status = cleaned_data.get("status")
        if status == Status.PUBLISHED and not was_published:
            self.add_error(
                "status",
                _("Only publishers can publish. Save it as a draft instead."),
            )
        elif was_published and status and status != Status.PUBLISHED:
            self.add_error("status", _("Only publishers can unpublish."))
        if was_published:
            for name in PUBLISHER_FIELDS:
                if name in cleaned_data and not same_value(
                    cleaned_data[name], getattr(saved, name)
                ):
                    self.add_error(
                        name,
                        _(
                            "Only publishers can change the schedule or "
                            "featuring of published content."
                        ),
                    )


class VisibilityFilter(admin.SimpleListFilter):
    """Draft, scheduled, published or expired, with how many of each."""

    title = _("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        objects = model_admin.model.objects
        return [
            (value, f"{label} ({objects.with_visibility(value).count()})")
            for value, label in Visibility.choices
        ]

    def queryset(self, request, queryset):
        if self.value() in Visibility.values:
            return queryset.with_visibility(self.value())
        return queryset


class PublishableChangeList(ChangeList):
    """Django's change list, with a date drill-down past year 9999 refused."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            # The end of the chosen year, month or day is past the last date
            # there is: a lookup error (a redirect to ?e=1), not a crash.
            raise IncorrectLookupParameters(error) from error


class TranslatedAdmin(TranslationAdmin):
    """
    The admin of a model with text in several languages: django-modeltranslation
    gives the form one field per language (``title_en``, ``title_es``...), and
    a row of language tabs (static/admin/translation-tabs.js) shows one
    language's fields at a time, each tab telling whether that translation is
    missing or out of date. Without JavaScript every field shows.
    """

    # The field whose translation tells whether a language is missing.
    translation_key = "title"

    def __init__(self, *args, **kwargs):
        # modeltranslation rewrites the fieldsets it is given in place; a copy
        # keeps the fieldsets shared by several admins as they are written.
        self.fieldsets = deepcopy(self.fieldsets)
        super().__init__(*args, **kwargs)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # Read by templates/admin/change_form.html, on the add, change,
        # revert and recover forms alike.
        context["translation_tabs"] = language_tabs(
            self.model, context["adminform"].form, self.translation_key
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    class Media:
        css = {"all": ["admin/armcms.css"]}
        js = ["admin/translation-tabs.js"]


class TranslatedVersionAdmin(TranslatedAdmin, CompareVersionAdmin):
    """A ``TranslatedAdmin`` that keeps every saved version (django-reversion):
    history, comparison of two versions, revert and recovery of deleted items."""


class PublishableAdminMixin:
    """
    Columns, filters, search, permissions, bulk actions and content checks for
    any ``PublishableModel``. Admins list their own ``fieldsets`` built from
    the fieldsets above, and put a ``TranslatedVersionAdmin`` after the mixin.
    """

    form = PublishableAdminForm
    list_display = [
        "original_title",
        "visibility_badge",
        "published_at",
        "is_featured",
        "translation_states",
        "link",
    ]
    list_filter = [
        VisibilityFilter,
        "status",
        "is_featured",
        TranslationStateFilter,
        "topics",
        "countries",
    ]
    search_fields = every_language("title", "slug", "summary")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "countries"]
    actions = ["publish", "unpublish", "feature", "unfeature"]
    save_on_top = True

    def view_on_site(self, obj):
        # Django's default goes through the sites framework's domain; the
        # item's own path keeps the link on the host the editor is using.
        return obj.get_absolute_url()

    def get_changelist(self, request, **kwargs):
        return PublishableChangeList

    # Django's autocomplete widgets look submitted ids up to show them, and a
    # forged id ("abc", 2**64) crashed the form meant to report it; the field
    # of armcms.forms also keeps ids beyond 64 bits away from SQLite.

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                AutocompleteSelect(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                AutocompleteSelectMultiple(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_publish_permission(self, request, obj=None) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is not None and obj.status == Status.PUBLISHED:
            return allowed and self.has_publish_permission(request)
        return allowed

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # modelform_factory made a new class for this request.
        form.can_publish = self.has_publish_permission(request, obj)
        form.save_failed = getattr(request, "armcms_save_failed", False)
        return form

    # A save the database refuses shows the form again, input kept.

    def add_view(self, request, form_url="", extra_context=None):
        return self.keep_input_on_database_error(
            super().add_view, request, form_url=form_url, extra_context=extra_context
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self.keep_input_on_database_error(
            super().change_view,
            request,
            object_id,
            form_url=form_url,
            extra_context=extra_context,
        )

    def keep_input_on_database_error(self, view, request, *args, **kwargs):
        """
        Run the add or change ``view``. When the database refuses the save (a
        rule the form cannot check, a lost connection), the view's transaction
        rolls back everything the save wrote, history included; the view then
        runs once more with the submission marked as failed, so the form
        comes back with the editor's input and an error instead of a server
        error page.
        """
        try:
            return view(request, *args, **kwargs)
        except DatabaseError:
            if request.method != "POST":
                raise
            logger.exception("Could not save a %s", self.opts.verbose_name)
            request.armcms_save_failed = True
            return view(request, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in check_item(obj):
            self.message_user(request, warning, messages.WARNING)

    def delete_queryset(self, request, queryset):
        if (
            not self.has_publish_permission(request)
            and queryset.exclude(status=Status.DRAFT).exists()
        ):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    @admin.display(
        description=_("title"), ordering=field_name("title", default_language())
    )
    def original_title(self, obj):
        # In the language it was written in: the same whatever language the
        # back office is shown in, and sorted on the column shown.
        return getattr(obj, field_name("title", default_language()))

    @admin.display(description=_("translations"))
    def translation_states(self, obj):
        opts = self.opts
        url = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
            args=[obj.pk],
        )
        states = []
        for code in translation_languages():
            state = item_state(obj, code)
            label = gettext("%(language)s: %(state)s") % {
                "language": language_name(code),
                "state": state.label,
            }
            states.append((state.value, url, fragment(code), label))
        return format_html_join(
            " ",
            '<a class="translation-state translation-state--{}" href="{}{}">{}</a>',
            states,
        )

    @admin.display(description=_("visibility"), ordering="status")
    def visibility_badge(self, obj):
        visibility = obj.visibility
        return format_html(
            '<span class="badge badge--{}">{}</span>',
            visibility.value,
            visibility.label,
        )

    @admin.display(description=_("on the site"))
    def link(self, obj):
        label = _("View") if obj.is_live() else _("Preview")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.get_absolute_url(),
            label,
        )

    def update_selected(self, request, queryset, comment, **values) -> int:
        """One UPDATE for the selection, recorded in each item's history."""
        count = queryset.update(updated_at=timezone.now(), **values)
        # update() sends no signal, so the page cache is told here.
        bump_content_version()
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment)
            for obj in queryset.model.objects.filter(pk__in=queryset.values("pk")):
                reversion.add_to_revision(obj)
        return count

    @admin.action(description=_("Publish selected items"), permissions=["publish"])
    def publish(self, request, queryset):
        count = self.update_selected(
            request, queryset, gettext("Published"), status=Status.PUBLISHED
        )
        self.message_user(
            request,
            ngettext("%(count)d item published.", "%(count)d items published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish selected items (back to draft)"),
        permissions=["publish"],
    )
    def unpublish(self, request, queryset):
        count = self.update_selected(
            request, queryset, gettext("Unpublished"), status=Status.DRAFT
        )
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

    @admin.action(description=_("Feature selected items"), permissions=["publish"])
    def feature(self, request, queryset):
        count = self.update_selected(
            request, queryset, gettext("Featured"), is_featured=True
        )
        self.message_user(
            request,
            ngettext("%(count)d item featured.", "%(count)d items featured.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Stop featuring selected items"), permissions=["publish"]
    )
    def unfeature(self, request, queryset):
        count = self.update_selected(
            request, queryset, gettext("No longer featured"), is_featured=False
        )
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

    class Media:
        css = {"all": ["admin/armcms.css"]}


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

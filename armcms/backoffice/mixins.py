"""The back office pieces shared by every content app."""

import logging
from copy import deepcopy

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from reversion_compare.helpers import html_diff

from armcms.content import shown
from armcms.content.drafts import Draft
from armcms.content.forms import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    ModelMultipleChoiceField,
    is_lookup_value,
)
from armcms.content.locale import default_language, field_name, language_codes
from armcms.content.models import (
    Status,
    Visibility,
    translated_field_names,
)
from armcms.content.publishing import (
    locked_fields,
    may_delete,
    may_publish,
    publishing_state,
    refusals,
    revert_refusals,
)
from armcms.content.richtext import (
    RichTextField,
    RichTextFormField,
    html_to_text,
    removed_content,
)
from armcms.pagecache.tags import invalidate

from .checks import check_item
from .choosers import LibraryChoosersMixin
from .drafts import DraftAdminMixin, Review, with_draft_state
from .site import ChangeList
from .taxonomy import taxonomy_action
from .translations import (
    TranslationStateFilter,
    fragment,
    item_state,
    language_name,
    language_tabs,
    translation_languages,
)
from .uploads import KeepWorkAdminMixin

logger = logging.getLogger(__name__)

# Said once, above the dates (Django's own note of the browser's offset
# from the server, under each time, is hidden: static/admin/armcms.css).
TIME_ZONE_NOTE = lazy(
    lambda: (
        gettext("Times are in the %(zone)s time zone.") % {"zone": settings.TIME_ZONE}
    ),
    str,
)()
PUBLISHING_FIELDSET = (
    _("Publishing"),
    {
        "fields": ["status", "published_at", "expires_at", "is_featured"],
        "description": TIME_ZONE_NOTE,
    },
)
TAXONOMY_FIELDSET = (_("Topics and countries"), {"fields": ["topics", "countries"]})
LEAD_IMAGE_FIELDSET = (_("Lead image"), {"fields": ["lead_image", "lead_image_alt"]})
SEO_FIELDSET = (
    _("Search engines and sharing"),
    {"fields": ["seo_description"], "classes": ["collapse"]},
)
SAVE_FAILED_MESSAGE = _(
    "The item could not be saved: the database reported an error, and nothing "
    "was changed. Your edits are still in the form below; save again, and if it "
    "keeps failing, tell the site administrator."
)


def bulk_change(description, comment, done, **values):
    """
    A bulk action, for publishers only, that sets ``values`` on the selected
    items (see `update_selected`), records ``comment`` in each item's history
    and tells how many changed (``done``, a plural taking ``count``).
    """

    @admin.action(description=description, permissions=["publish"])
    def action(model_admin, request, queryset):
        count = model_admin.update_selected(request, queryset, str(comment), **values)
        model_admin.message_user(request, done % {"count": count}, messages.SUCCESS)

    return action


def every_language(*names: str) -> list[str]:
    """The column of each of ``names`` in every language: what search looks in."""
    return [field_name(name, code) for name in names for code in language_codes()]


class PublishableAdminForm(forms.ModelForm):
    """
    The change form of any publishable item. The publishing fields a user
    may not change are shown disabled (``locked_fields``, set by the admin),
    and the submission is checked against ``armcms.content.publishing`` once more:
    a refused change is a form error on its field, the rest of the input kept.
    """

    publishing_user = None
    # The item's publishing state before this request wrote anything (a
    # revert writes the old version before the form runs).
    state_before = None
    locked_fields = ()
    # Set by the admin when the database refused this very submission.
    save_failed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.locked_fields:
            if name in self.fields:
                self.fields[name].disabled = True
        if "published_at" in self.locked_fields and "status" in self.fields:
            self.fields["status"].help_text = _(
                "Only publishers unpublish, reschedule or feature a published "
                "item. Your changes wait as a draft until a publisher "
                "publishes them."
            )
        elif "status" in self.locked_fields and "status" in self.fields:
            self.fields["status"].help_text = _(
                "Only publishers publish, unpublish and schedule. Save your "
                "work: a publisher publishes it when it is ready."
            )

    def clean(self):
        cleaned_data = super().clean()
        if self.save_failed:
            self.add_error(None, SAVE_FAILED_MESSAGE)
        if self.publishing_user is not None:
            after = publishing_state({**(self.state_before or {}), **cleaned_data})
            for name, message in refusals(
                self.publishing_user, self._meta.model, self.state_before, after
            ).items():
                self.add_error(name if name in self.fields else None, message)
        return cleaned_data


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
    """
    The change list of publishable content: the back office's own
    (``armcms.backoffice.site.ChangeList``), which turns away filter values no query
    can carry, with where each item's unpublished work stands (its badges).
    """

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        # The listed rows only: the filters' facet counts (given
        # exclude_parameters) show no badges.
        if exclude_parameters is None:
            queryset = with_draft_state(queryset)
        return queryset


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
    # An address typed without its scheme ("give.example.org") is https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def __init__(self, *args, **kwargs):
        # modeltranslation rewrites the fieldsets it is given in place; a copy
        # keeps the fieldsets shared by several admins as they are written.
        self.fieldsets = deepcopy(self.fieldsets)
        super().__init__(*args, **kwargs)

    def get_deleted_objects(self, objs, request):
        """
        Django's list of what a deletion removes, without the rows that only
        link an item to its topics and countries ("NewsArticle_topics object
        (9)"): the links go with the item, and they mean nothing to a person.
        """
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        links = [
            field.remote_field.through._meta
            for model in {type(obj) for obj in objs}
            for field in model._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
        hidden = {str(opts.verbose_name_plural) for opts in links}

        def without_links(items):
            return [
                without_links(item) if isinstance(item, list) else item
                for item in items
                if isinstance(item, list) or not str(item).startswith(prefixes)
            ]

        counts = {name: n for name, n in counts.items() if str(name) not in hidden}
        deleted = [item for item in without_links(deleted) if item != []]
        return deleted, counts, perms_needed, protected

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for name, field in form.fields.items():
            if isinstance(field, RichTextFormField) and not field.disabled:
                removed = removed_content(form.data.get(form.add_prefix(name), ""))
                if removed:
                    self.message_user(
                        request,
                        gettext(
                            "%(field)s: the site does not keep %(removed)s, so "
                            "it was taken out of the text."
                        )
                        % {"field": field.label, "removed": ", ".join(removed)},
                        messages.WARNING,
                    )

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # Read by templates/admin/change_form.html, on the add, change,
        # revert and recover forms alike.
        context["translation_tabs"] = language_tabs(
            self.model,
            context["adminform"].form,
            self.translation_key,
            [inline.formset for inline in context.get("inline_admin_formsets", ())],
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    class Media:
        css = {"all": ["admin/armcms.css"]}
        js = ["admin/translation-tabs.js"]


class TranslatedVersionAdmin(TranslatedAdmin, CompareVersionAdmin):
    """
    A ``TranslatedAdmin`` that keeps every saved version (django-reversion):
    history, comparison of two versions, revert and recovery of deleted items.

    A history address takes only a version of its own item, and the recover
    address only the last version of a deleted item of its own model (404
    otherwise). A revert or recovery writes back every item of the version's
    revision, so each is checked against ``armcms.content.publishing`` before
    anything is written.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Compared field by field in each language: the original column of a
        # translated field repeats the default language's, and the fields
        # nobody edits (search vectors, renditions) say nothing to a person.
        self.compare_exclude = translated_field_names(self.model) | {
            field.name for field in self.model._meta.fields if not field.editable
        }

    def fallback_compare(self, obj_compare):
        """Text compared as it reads: an empty translation is no text, not "None"."""
        value1, value2 = obj_compare.to_string()
        return html_diff(
            "" if obj_compare.value1 is None else value1,
            "" if obj_compare.value2 is None else value2,
        )

    def compare_TextField(self, obj_compare):
        """Rich text compared by its words, one paragraph a line."""
        if not isinstance(obj_compare.field, RichTextField):
            return self.fallback_compare(obj_compare)
        return html_diff(
            html_to_text(obj_compare.value1), html_to_text(obj_compare.value2)
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        versions = Version.objects.get_for_object_reference(
            self.model, unquote(object_id)
        )
        version = self.own_version(versions, version_id)
        current = self.model._default_manager.filter(pk=version.object_id).first()
        refused = self.refuse_writing_back(
            request,
            version,
            f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
            object_id,
        )
        if refused:
            return refused
        request.armcms_history = {
            "action": "revert",
            "version": version,
            "state_before": publishing_state(current) if current else None,
        }
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = self.own_version(Version.objects.get_deleted(self.model), version_id)
        refused = self.refuse_writing_back(
            request,
            version,
            f"admin:{self.opts.app_label}_{self.opts.model_name}_recoverlist",
        )
        if refused:
            return refused
        request.armcms_history = {
            "action": "recover",
            "version": version,
            "state_before": None,
        }
        return super().recover_view(request, version_id, extra_context)

    def own_version(self, versions, version_id):
        if not is_lookup_value(Version._meta.pk, version_id, versions.db):
            raise Http404
        return get_object_or_404(versions, pk=version_id)

    def refuse_writing_back(self, request, version, url_name, *args):
        """A redirect with the reasons, when ``request.user`` may not write
        back the revision of ``version``; None when they may."""
        reasons = revert_refusals(
            request.user, version.revision.version_set.all(), target=version
        )
        if not reasons:
            return None
        self.message_user(
            request,
            gettext("This version cannot be brought back by you: %(reasons)s")
            % {"reasons": " ".join(reasons)},
            messages.ERROR,
        )
        return redirect(reverse(url_name, args=args))

    def response_change(self, request, obj):
        history = getattr(request, "armcms_history", None)
        if history is None:
            return super().response_change(request, obj)
        values = {
            "name": self.opts.verbose_name,
            "item": obj,
            "date": date_format(
                localtime(history["version"].revision.date_created),
                "DATETIME_FORMAT",
            ),
        }
        # The date ends with a full stop in some formats ("a.m."): none added.
        if history["action"] == "revert":
            message = gettext(
                "The %(name)s “%(item)s” was reverted to its version of %(date)s"
            )
        else:
            message = gettext(
                "The %(name)s “%(item)s” was recovered as it was on %(date)s"
            )
        self.message_user(request, message % values, messages.SUCCESS)
        before, after = history["state_before"], publishing_state(obj)
        if (
            before is not None
            and after is not None
            and before["status"] != after["status"]
            # Kept as a draft of changes, the version changed nothing yet.
            and not getattr(request, "armcms_changes_wait", False)
        ):
            if after["status"] == Status.PUBLISHED:
                change = gettext("That version is published: it is on the site again.")
            else:
                change = gettext(
                    "That version is a draft: the item is no longer on the site."
                )
            self.message_user(request, change, messages.WARNING)
        return redirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[quote(obj.pk)],
            )
        )


class PublishableAdminMixin(DraftAdminMixin, LibraryChoosersMixin, KeepWorkAdminMixin):
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
    actions = [
        "publish",
        "unpublish",
        "feature",
        "unfeature",
        "add_taxonomy",
        "remove_taxonomy",
    ]
    save_on_top = True

    def view_on_site(self, obj):
        # Django's default goes through the sites framework's domain; the
        # item's own path keeps the link on the host the editor is using.
        return obj.get_absolute_url()

    def get_changelist(self, request, **kwargs):
        return PublishableChangeList

    # Django's autocomplete widgets look submitted ids up to show them, and a
    # forged id ("abc", 2**64) crashed the form meant to report it; the field
    # of armcms.content.forms also keeps ids beyond 64 bits away from SQLite.

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
        return may_publish(request.user, self.model)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return may_delete(
            request.user, self.model, self.model.objects.filter(pk=obj.pk)
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # modelform_factory made a new class for this request.
        history = getattr(request, "armcms_history", None)
        state = history["state_before"] if history else publishing_state(obj)
        form.publishing_user = request.user
        form.state_before = state
        form.locked_fields = locked_fields(request.user, self.model, state)
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

    # After a save, where the item stands on the site, with a link to it.

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if response.status_code == 302:
            self.say_where_it_is(request, obj)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if response.status_code == 302:
            self.say_where_it_is(request, obj)
        return response

    def say_where_it_is(self, request, obj) -> None:
        visibility = obj.visibility
        if visibility == Visibility.PUBLISHED:
            text, label = gettext("It is on the site."), gettext("View it")
        elif visibility == Visibility.SCHEDULED:
            text = gettext("It goes live on %(date)s.") % {
                "date": date_format(localtime(obj.published_at), "DATETIME_FORMAT")
            }
            label = gettext("Preview it")
        else:
            text = gettext("Visitors do not see it (%(state)s).") % {
                "state": visibility.label.lower()
            }
            label = gettext("Preview it")
        self.message_user(
            request,
            format_html(
                '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
                text,
                obj.get_absolute_url(),
                label,
            ),
            messages.INFO,
        )

    def delete_queryset(self, request, queryset):
        if not may_delete(request.user, self.model, queryset):
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
        badges = [(visibility.value, visibility.label)]
        # Annotated by PublishableChangeList.
        if getattr(obj, "has_changes", False):
            badges.append(("changes", gettext("with unpublished changes")))
        if getattr(obj, "draft_review", ""):
            badges.append((obj.draft_review, Review(obj.draft_review).label))
        return format_html_join(" ", '<span class="badge badge--{}">{}</span>', badges)

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
        # Read first: the list's filters may no longer select them after.
        pks = list(queryset.values_list("pk", flat=True))
        count = queryset.model.objects.filter(pk__in=pks).update(
            updated_at=timezone.now(), **values
        )
        # update() sends no signal, so the page cache is told here.
        invalidate(shown.changed_items(queryset.model, pks))
        if values.get("status") == Status.PUBLISHED:
            # Published work has left review; changes waiting beside an item
            # stay for their own publication.
            Draft.objects.filter(
                content_type=ContentType.objects.get_for_model(queryset.model),
                object_id__in=pks,
                changes__isnull=True,
            ).delete()
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment)
            for obj in queryset.model.objects.filter(pk__in=pks):
                reversion.add_to_revision(obj)
        return count

    publish = bulk_change(
        _("Publish selected items"),
        _("Published"),
        ngettext_lazy(
            "%(count)d item published.", "%(count)d items published.", "count"
        ),
        status=Status.PUBLISHED,
    )
    unpublish = bulk_change(
        _("Unpublish selected items (back to draft)"),
        _("Unpublished"),
        ngettext_lazy(
            "%(count)d item moved back to draft.",
            "%(count)d items moved back to draft.",
            "count",
        ),
        status=Status.DRAFT,
    )
    feature = bulk_change(
        _("Feature selected items"),
        _("Featured"),
        ngettext_lazy("%(count)d item featured.", "%(count)d items featured.", "count"),
        is_featured=True,
    )
    unfeature = bulk_change(
        _("Stop featuring selected items"),
        _("No longer featured"),
        ngettext_lazy(
            "%(count)d item no longer featured.",
            "%(count)d items no longer featured.",
            "count",
        ),
        is_featured=False,
    )
    add_taxonomy = taxonomy_action(
        adding=True, description=_("File selected items under topics or countries")
    )
    remove_taxonomy = taxonomy_action(
        adding=False, description=_("Take selected items out of topics or countries")
    )

    class Media:
        css = {"all": ["admin/armcms.css"]}

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline
from treebeard.admin import TreeAdmin, TreeChangeList
from treebeard.forms import MoveNodeForm, movenodeform_factory

from armcms.backoffice.choosers import LibraryChoosersMixin
from armcms.backoffice.mixins import (
    LEAD_IMAGE_FIELDSET,
    SEO_FIELDSET,
    TIME_ZONE_NOTE,
    PublishableAdminForm,
    PublishableAdminMixin,
    PublishableChangeList,
    TranslatedAdmin,
    TranslatedVersionAdmin,
)
from armcms.backoffice.uploads import KeepWorkAdminMixin
from armcms.content import registry
from armcms.content.forms import ModelMultipleChoiceField
from armcms.content.locale import default_language, field_name, language_codes
from armcms.content.models import translated_field_names
from armcms.content.publishing import may_delete, may_rearrange
from armcms.content.sections import NO_ITEMS

from .models import MenuItem, Page, Person, Section

PLACE_FIELDS = ["treebeard_position", "treebeard_ref_node"]


class PageChangeList(TreeChangeList, PublishableChangeList):
    """
    The tree's own change list (one level at a time, and a search or filter
    the pages that match wherever they are), turning away filter values no
    query can carry as every change list of the back office does.
    """


class PageForm(MoveNodeForm, PublishableAdminForm):
    """
    A page's form, with its place in the tree: a position ("First child
    of", "Before", "After") relative to another page, or the top level.
    Slugs are checked against the pages that will be its siblings there.
    """

    # Set by the admin: the page stays where it is (an editor's page whose
    # branch is public, or a revert, which never moves a page).
    place_locked = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.place_locked and self.instance.pk is not None:
            self.initial.update(self.current_place(self.instance.pk))
            for name in PLACE_FIELDS:
                self.fields[name].disabled = True
        if "treebeard_ref_node" in self.fields:
            self.fields["treebeard_ref_node"].label = _("Relative to")
            self.fields["treebeard_ref_node"].help_text = _(
                "Leave empty to place the page at the top level."
            )
        if self.instance.pk is None:
            # A new page goes first below the page chosen, or at the top.
            self.initial.setdefault("treebeard_position", "first-child")
            parent = self.initial.get("parent_page")
            if parent is not None:
                self.initial["treebeard_ref_node"] = parent

    def clean(self):
        cleaned_data = super().clean()
        if "treebeard_position" in cleaned_data:
            self.instance.destination = self.destination(
                cleaned_data.get("treebeard_ref_node"),
                cleaned_data["treebeard_position"],
            )
        return cleaned_data

    def save(self, commit=True):
        # A new page is always placed, whether or not its place was changed
        # from the one the form offered (treebeard places only on a change).
        if (
            self.instance._state.adding
            and "treebeard_position" not in self.changed_data
        ):
            self.changed_data.append("treebeard_position")
        return super().save(commit)

    @staticmethod
    def current_place(pk) -> dict:
        """The position fields' values that leave the stored page where it is."""
        page = Page.objects.get(pk=pk)
        before = Page.objects.get_prev_sibling(page)
        if before is not None:
            return {"treebeard_position": "right", "treebeard_ref_node": before}
        return {
            "treebeard_position": "first-child",
            "treebeard_ref_node": Page.objects.get_parent(page),
        }

    @staticmethod
    def destination(reference, position):
        """The page the form places the page under; False for the top level."""
        if reference is None:
            return False
        if position in ("first-child", "last-child", "sorted-child"):
            return reference
        return Page.objects.get_parent(reference) or False


NO_LONGER = _("%(kind)s (no longer available)")

SECTION_FIELDS = [
    "kind",
    "position",
    "heading",
    "text",
    "image",
    "image_alt",
    "caption",
    "credit",
    "source",
    "button_label",
    "link_page",
    "link_url",
    "listing",
    "topic",
    "country",
    "count",
    "items",
    "people",
    "files",
    "video_url",
    "video_title",
    "transcript_url",
]


def item_choices(page=None) -> dict[str, list]:
    """
    Each kind's items to choose from, by kind name; the items ``page``'s
    sections hold are among them even where no longer shown (an inactive
    figure), so saving the page keeps them.
    """
    held = [
        key
        for items in (page.sections.values_list("items", flat=True) if page else ())
        for key in items or ()
    ]
    return {
        name: kind.item_choices(held)
        for name, kind in registry.section_kinds().items()
        if "items" in kind.fields
    }


class SectionForm(forms.ModelForm):
    """
    One section of a page. Every kind's fields are in the form; the kind
    chosen says which are used (static/admin/page-sections.js shows only
    those), which are required, and how they are checked. The fields the
    kind does not use are emptied when the section is saved, so a section
    holds only what it shows.
    """

    items = forms.MultipleChoiceField(
        label=_("Chosen items"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Section
        fields = SECTION_FIELDS

    # The items each kind offers ({kind name: choices}), read once for all
    # the forms of a page (see SectionInline.get_formset).
    kind_items = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.kind_items is None:
            self.kind_items = item_choices()
        self.fields["items"].choices = [
            (registry.section_kinds()[name].label, choices)
            for name, choices in self.kind_items.items()
        ]
        self.fields["items"].help_text = _(
            "Hold Ctrl (⌘ on a Mac) to choose several. They show in the order "
            "of this list."
        )
        kind = self.instance.kind
        if "kind" in self.fields and kind and kind not in registry.section_kinds():
            # Shown as it is, not silently turned into the first kind offered.
            self.fields["kind"].choices = [
                *self.fields["kind"].choices,
                (kind, NO_LONGER % {"kind": kind}),
            ]
        if "kind" in self.fields:
            # Which fields each kind uses, for static/admin/page-sections.js.
            self.fields["kind"].widget.attrs.update(
                {
                    "data-kind-fields": json.dumps(
                        {
                            name: list(kind.fields)
                            for name, kind in registry.section_kinds().items()
                        }
                    ),
                    "data-kind-help": json.dumps(
                        {
                            name: str(kind.help_text)
                            for name, kind in registry.section_kinds().items()
                        }
                    ),
                    "data-move-up": _("Move up"),
                    "data-move-down": _("Move down"),
                    "data-moved": _("Section moved: %(position)s of %(count)s."),
                }
            )
            self.fields["kind"].help_text = " ".join(
                f"{kind.label}: {kind.help_text}"
                for kind in registry.section_kinds().values()
                if kind.help_text
            )

    def clean(self):
        cleaned_data = super().clean()
        kind = registry.section_kinds().get(cleaned_data.get("kind"))
        if kind is None:
            if cleaned_data.get("kind") and not cleaned_data.get("DELETE"):
                self.add_error(
                    "kind",
                    _(
                        "The site no longer has this kind of section: choose "
                        "another, or delete the section."
                    ),
                )
            return cleaned_data
        translated = translated_field_names(Section)
        for name in kind.required:
            own = field_name(name, default_language()) if name in translated else name
            if (
                own in self.fields
                and not cleaned_data.get(own)
                and own not in self.errors
            ):
                self.add_error(
                    own,
                    NO_ITEMS
                    if isinstance(
                        self.fields[own],
                        forms.MultipleChoiceField | forms.ModelMultipleChoiceField,
                    )
                    else self.fields[own].error_messages["required"],
                )
        own_items = {key for key, _label in self.kind_items.get(kind.name, [])}
        chosen = cleaned_data.get("items") or ()
        if "items" in kind.fields and any(key not in own_items for key in chosen):
            self.add_error(
                "items",
                _("Choose only items of the kind this section shows: %(kind)s.")
                % {"kind": kind.label},
            )
        for name, message in kind.clean(cleaned_data).items():
            self.add_error(name if name in self.fields else None, message)
        for name in self.unused_fields(kind):
            cleaned_data[name] = self.empty_value(name)
        return cleaned_data

    def unused_fields(self, kind) -> list[str]:
        used = set(kind.fields) | {"kind", "position", "page", "id", "DELETE"}
        translated = translated_field_names(Section)
        names = []
        # Each field once: a translated one by its own name (not heading_en).
        own = {
            field.name
            for field in Section._meta.get_fields()
            if not hasattr(field, "translated_field")
        }
        for name in own - used:
            if name in translated:
                names += [field_name(name, code) for code in language_codes()]
            else:
                names.append(name)
        return [name for name in names if name in self.fields]

    def empty_value(self, name):
        field = self.fields[name]
        if isinstance(field, forms.FileField):
            return False  # cleared
        if isinstance(field, forms.ModelMultipleChoiceField):
            return field.queryset.none()
        if isinstance(field, forms.MultipleChoiceField):
            return []
        if isinstance(field, forms.ModelChoiceField):
            return None
        if name == "count":
            return Section._meta.get_field("count").default
        return ""


class SectionInline(LibraryChoosersMixin, TranslationStackedInline):
    """The page's sections, in its form: added, removed, reordered."""

    model = Section
    fk_name = "page"
    form = SectionForm
    extra = 0
    classes = ["page-sections"]
    fields = SECTION_FIELDS
    filter_horizontal = ["people", "files"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        form = type(
            formset.form.__name__, (formset.form,), {"kind_items": item_choices(obj)}
        )
        return type(formset.__name__, (formset,), {"form": form})

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Forged ids (too large for the database) are form errors.
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    class Media:
        js = ["admin/page-sections.js"]
        css = {"all": ["admin/page-sections.css"]}


@admin.register(Page)
class PageAdmin(PublishableAdminMixin, TreeAdmin, TranslatedVersionAdmin):
    form = movenodeform_factory(Page, form=PageForm, exclude=["url_path"])
    list_display = [
        "original_title",
        "visibility_badge",
        "translation_states",
        "add_sub_page",
        "link",
    ]
    list_filter = [
        filter
        for filter in PublishableAdminMixin.list_filter
        if filter not in ("topics", "countries", "is_featured")
    ]
    date_hierarchy = None
    autocomplete_fields = []
    actions = ["publish", "unpublish"]
    inlines = [SectionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Place in the tree"), {"fields": PLACE_FIELDS}),
        # Pages are not featured on the homepage.
        (
            _("Publishing"),
            {
                "fields": ["status", "published_at", "expires_at"],
                "description": TIME_ZONE_NOTE,
            },
        ),
        LEAD_IMAGE_FIELDSET,
        SEO_FIELDSET,
    ]

    def get_changelist(self, request, **kwargs):
        return PageChangeList

    @admin.display(description=_("sub-page"))
    def add_sub_page(self, obj):
        return format_html(
            '<a href="{}?parent={}">{}</a>',
            reverse("admin:pages_page_add"),
            obj.pk,
            gettext("Add a sub-page"),
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        parent = request.GET.get("parent", "")
        if parent.isdecimal():
            initial["parent_page"] = Page.objects.filter(pk=parent).first()
        initial.pop("parent", None)
        return initial

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and obj.pk is not None:
            form.place_locked = getattr(
                request, "armcms_history", None
            ) is not None or not may_rearrange(
                request.user, Page, Page.objects.get_tree(obj)
            )
        return form

    def delete_view(self, request, object_id, extra_context=None):
        """
        Deleting a page with sub-pages asks what happens to them: moved up
        to the page's place (the page is then deleted alone), or deleted with
        it. Either is refused, with nothing changed, to someone who may not
        move or delete every page concerned, and the move where a sub-page's
        slug is taken at its new place.
        """
        page = (
            Page.objects.filter(pk=object_id).first() if object_id.isdecimal() else None
        )
        if page is None or page.is_leaf():
            return super().delete_view(request, object_id, extra_context)
        branch = Page.objects.get_tree(page)
        choice = request.POST.get("sub_pages") if request.method == "POST" else None
        if request.method == "POST" and choice not in ("move", "delete"):
            return HttpResponseBadRequest(
                gettext("Choose what happens to the sub-pages.")
            )
        if choice is not None and not self.has_delete_permission(request, page):
            raise PermissionDenied
        if choice == "move":
            if not may_rearrange(request.user, Page, branch):
                raise PermissionDenied
            return self.delete_after_moving_up(request, page, extra_context)
        if choice == "delete" and not may_delete(request.user, Page, branch):
            raise PermissionDenied
        # What the confirmation lists; deleted with the page if so chosen.
        request.armcms_sub_pages = [
            sub_page for sub_page in branch if sub_page.pk != page.pk
        ]
        request.armcms_delete_branch = choice == "delete"
        for sub_page in request.armcms_sub_pages:
            sub_page.indent = (sub_page.depth - page.depth - 1) * 1.5
        return super().delete_view(
            request,
            str(page.pk),
            {**(extra_context or {}), "sub_pages": request.armcms_sub_pages},
        )

    def delete_after_moving_up(self, request, page, extra_context):
        """
        Move ``page``'s sub-pages up to its place, in their order, then
        delete it alone: both, or (a slug taken there, a permission missing
        for what goes with the page) neither.
        """
        try:
            with transaction.atomic():
                for child in Page.objects.get_children(page):
                    Page.objects.move(
                        child, Page.objects.get(pk=page.pk), "left", leaving=page
                    )
                response = super().delete_view(request, str(page.pk), extra_context)
                if response.status_code != 302:
                    transaction.set_rollback(True)
                return response
        except ValidationError as refused:
            self.message_user(
                request,
                gettext(
                    "The sub-pages were not moved, and nothing was deleted: %(why)s"
                )
                % {"why": " ".join(refused.messages)},
                messages.ERROR,
            )
            return redirect(request.path)

    def get_deleted_objects(self, objs, request):
        """
        What a deletion takes with it. A page chosen on its own delete page
        takes its sub-pages (and what goes with them) if so chosen there (see
        delete_view); in a bulk deletion, a page with sub-pages not chosen
        too is not deleted, and they are listed as what stops it.
        """
        if getattr(request, "armcms_delete_branch", False):
            return super().get_deleted_objects(
                [*objs, *request.armcms_sub_pages], request
            )
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        if hasattr(request, "armcms_sub_pages"):
            return deleted, counts, perms_needed, protected
        chosen = {page.pk for page in objs}
        for page in objs:
            for child in Page.objects.get_children(page):
                if child.pk not in chosen:
                    protected.append(
                        gettext("%(child)s (a sub-page of %(page)s)")
                        % {"child": child, "page": page}
                    )
        return deleted, counts, perms_needed, protected

    def children_view(self, request, parent_id):
        """The sub-pages of a page, which the list unfolds; 404 for no page."""
        if not parent_id.isdecimal() or not Page.objects.filter(pk=parent_id).exists():
            raise Http404
        return super().children_view(request, parent_id)

    def move_node(self, request):
        """The change list's drag and drop: publishers move what is public."""
        node_id = request.POST.get("node", "")
        node = Page.objects.filter(pk=node_id).first() if node_id.isdecimal() else None
        if node is not None and not may_rearrange(
            request.user, Page, Page.objects.get_tree(node)
        ):
            messages.error(
                request,
                gettext(
                    "Only publishers move a page that is on the site, or has "
                    "sub-pages that are."
                ),
            )
            raise PermissionDenied
        try:
            return super().move_node(request)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
            return HttpResponseBadRequest(" ".join(refused.messages))

    def recoverlist_view(self, request, extra_context=None):
        return self.no_recovery(request)

    def recover_view(self, request, version_id, extra_context=None):
        return self.no_recovery(request)

    def no_recovery(self, request):
        self.message_user(
            request,
            gettext(
                "A deleted page cannot be brought back from its history: its "
                "place in the tree may be gone. Add it again."
            ),
            messages.ERROR,
        )
        return redirect(reverse("admin:pages_page_changelist"))


@admin.register(MenuItem)
class MenuItemAdmin(TranslatedAdmin):
    """The main menu and the footer: one list, each item under its parent."""

    translation_key = "label"
    list_display = ["indented_name", "menu", "leads_to", "position", "shown"]
    list_filter = ["menu"]
    fields = ["menu", "parent", "label", "page", "section", "url", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("page", "parent")

    def get_ordering(self, request):
        # Each menu in order, each item followed by its sub-items.
        return [
            "menu",
            Coalesce("parent__position", "position").asc(),
            Coalesce("parent_id", "id").asc(),
            F("parent_id").asc(nulls_first=True),
            "position",
        ]

    @admin.display(description=_("item"))
    def indented_name(self, obj):
        if obj.parent_id:
            return format_html("— {}", obj.name())
        return obj.name()

    @admin.display(description=_("leads to"))
    def leads_to(self, obj):
        if obj.page_id or obj.section or obj.url:
            return obj.get_url()
        return gettext("(a group heading)")

    @admin.display(description=_("shown to visitors"), boolean=True)
    def shown(self, obj):
        return obj.is_shown()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not obj.is_shown():
            self.message_user(
                request,
                gettext(
                    "“%(item)s” leads to a page visitors cannot see (a draft, "
                    "scheduled or expired): it stays hidden from them until the "
                    "page is published."
                )
                % {"item": obj.name()},
                messages.WARNING,
            )


@admin.register(Person)
class PersonAdmin(LibraryChoosersMixin, KeepWorkAdminMixin, TranslatedAdmin):
    """The people pages present (the team, the board)."""

    translation_key = "role"
    list_display = ["name", "role", "position"]
    search_fields = ["name", "role"]
    fields = ["name", "role", "photo", "bio", "position"]

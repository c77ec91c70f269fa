"""
Choosers: how a form picks a record of the media library. Django's own
lookup for a foreign key, dressed: the chosen record's thumbnail and title,
"Choose from the library" (the library's list in a pop-up window,
searchable, newest first, with thumbnails) and "Upload a new one" (the
library's add form in a pop-up, which comes back chosen). It offers only
what the person may view, since the pop-ups are the library's own admin
pages.
"""

from django import forms
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from armcms.content.forms import is_lookup_value
from armcms.content.library import Document, Image, LibraryRecord

from .uploads import PROJECT_TEMPLATES


def thumbnail_url(image: Image) -> str:
    """The smallest rendition of ``image`` (the file itself when it has none)."""
    renditions = image.renditions or {}
    for key in ("webp", "fallback"):
        if renditions.get(key):
            return default_storage.url(renditions[key][0][2])
    return image.file.url if image.file else ""


class ChooserWidget(ForeignKeyRawIdWidget):
    """A foreign key to the library: thumbnail, title, choose, upload, remove."""

    template_name = "admin/widgets/library_chooser.html"

    def render(self, name, value, attrs=None, renderer=None):
        # The template lives in the project's templates/ (see KeptUploadInput).
        return super().render(name, value, attrs, renderer=PROJECT_TEMPLATES)

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "class": "vForeignKeyRawIdAdminField chooser__key"}
        context = super().get_context(name, value, attrs)
        model = self.rel.model
        opts = model._meta
        chosen = self.chosen(value)
        context.update(
            chooser_kind=opts.model_name,
            chosen=chosen,
            chosen_title=str(chosen) if chosen else "",
            link_url=(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change",
                    args=[chosen.pk],
                    current_app=self.admin_site.name,
                )
                if chosen
                else ""
            ),
            thumbnail=thumbnail_url(chosen) if isinstance(chosen, Image) else "",
            add_url=reverse(
                f"admin:{opts.app_label}_{opts.model_name}_add",
                current_app=self.admin_site.name,
            )
            + "?_to_field=id&_popup=1",
            summary_url=reverse(
                f"admin:{opts.app_label}_{opts.model_name}_summary",
                args=["0"],
                current_app=self.admin_site.name,
            ),
        )
        return context

    def chosen(self, value) -> LibraryRecord | None:
        if value in (None, ""):
            return None
        if not is_lookup_value(self.rel.model._meta.pk, value, self.db):
            return None
        return self.rel.model._default_manager.using(self.db).filter(pk=value).first()

    def label_and_url_for_value(self, value):
        # The template draws the record ``chosen`` found (one query, and a
        # forged value such as "abc" or 2**64 never reaches it).
        return "", ""


class LibraryChoiceField(forms.ModelChoiceField):
    """Django's field, refusing keys no row can have (see is_lookup_value)."""

    def to_python(self, value):
        if value not in self.empty_values and not is_lookup_value(
            self.queryset.model._meta.pk, value, self.queryset.db
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class LibraryChoosersMixin:
    """For any ModelAdmin or inline: its foreign keys to the library are
    choosers (see ``ChooserWidget``)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in (Image, Document):
            kwargs.setdefault(
                "widget", ChooserWidget(db_field.remote_field, self.admin_site)
            )
            kwargs.setdefault("form_class", LibraryChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def render_change_form(self, request, context, *args, **kwargs):
        # The editor's "Insert an image from the library" (static/admin/library.js).
        context["library_in_editor"] = request.user.has_perm("armcms.view_image")
        return super().render_change_form(request, context, *args, **kwargs)

    @property
    def media(self):
        return super().media + forms.Media(
            js=["admin/js/admin/RelatedObjectLookups.js", "admin/library.js"]
        )

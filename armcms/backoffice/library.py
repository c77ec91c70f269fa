"""
The media library in the back office: the images' and documents' admins
(search, usage, safe deletion, the focal point), bulk upload, and what the
rich-text editor's image button stores. The chooser every field that shows
a record uses is in ``choosers``.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from armcms.content.files import image_validators
from armcms.content.forms import is_lookup_value
from armcms.content.library import Document, Image, same_content, uses

from .choosers import thumbnail_url
from .mixins import TranslatedAdmin, every_language
from .uploads import KeepWorkAdminMixin

THUMBNAIL_WIDTH = 480
MAX_BULK_FILES = 50


def image_from_upload(upload, user=None, title: str = "") -> tuple[Image, bool]:
    """
    The library image for ``upload`` (a Django File): checked as every
    upload is (raises ValidationError), then the record holding the same
    picture when there is one, else a new record. Returns it and whether it
    is new.
    """
    for validate in image_validators:
        validate(upload)
    existing = same_content(Image, upload)
    if existing is not None:
        return existing, False
    image = Image(file=upload, title=title, uploaded_by=user)
    image.full_clean(exclude=["file"])
    image.save()
    return image, True


class LibraryAdmin(KeepWorkAdminMixin, TranslatedAdmin):
    """What the images' and documents' admins share: search, usage, safe
    deletion, and a record's summary for choosers."""

    search_fields = ["title", "tags"]
    list_select_related = ["uploaded_by"]
    list_per_page = 40
    readonly_fields = ["used_on", "uploaded"]

    @property
    def media(self):
        # The focal point picker and bulk upload (static/admin/library.js).
        return super().media + forms.Media(js=["admin/library.js"])

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # A record's file is never replaced: a new picture is a new
            # record, so no use changes behind its item's back.
            fields.append("file")
        return fields

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/summary/",
                self.admin_site.admin_view(self.summary_view),
                name=f"{opts.app_label}_{opts.model_name}_summary",
            ),
            *super().get_urls(),
        ]

    def summary_view(self, request, object_id):
        """What a chooser shows of the record it was given: JSON."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not is_lookup_value(self.opts.pk, object_id, None):
            raise Http404
        record = self.model.objects.filter(pk=object_id).first()
        if record is None:
            raise Http404
        return JsonResponse(self.summary(record))

    def summary(self, record) -> dict:
        return {"id": record.pk, "title": str(record), "url": record.file.url}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("uploaded"))
    def uploaded(self, obj):
        if obj.pk is None:
            return "—"
        who = obj.uploaded_by.get_username() if obj.uploaded_by else "—"
        return format_html("{} · {}", obj.created_at.strftime("%Y-%m-%d %H:%M"), who)

    @admin.display(description=_("used on"))
    def used_on(self, obj):
        if obj.pk is None:
            return "—"
        found = uses(obj)
        if not found:
            return gettext("Not used anywhere yet.")
        return format_html(
            '<ul class="library-uses">{}</ul>',
            format_html_join(
                "",
                "<li>{}: {}</li>",
                ((label, admin_link(row)) for row, label in found),
            ),
        )

    def get_deleted_objects(self, objs, request):
        """
        Django's list, with every use of the records as protected: a record
        in use is not deleted (its uses are listed, each linked), so no
        public page is left with a broken image or link.
        """
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        protected = list(protected)
        for record in objs:
            for row, label in uses(record):
                entry = format_html("{}: {} ({})", label, admin_link(row), record)
                if entry not in protected:
                    protected.append(entry)
        return deleted, counts, perms_needed, protected


def admin_link(row):
    """``row`` linked to its admin change page, or to its item's (a section)."""
    target = getattr(row, "page", row)
    opts = target._meta
    try:
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk]
        )
    except Exception:
        return str(row)
    label = str(row) if target is row else f"{target} · {row}"
    return format_html('<a href="{}">{}</a>', url, label)


class ImageAdminForm(forms.ModelForm):
    """The image's form: the focal point fields the picker fills, and a
    duplicate upload pointed at the record that has it. (No Meta: the admin
    makes it from the fieldsets.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, css_class in (("focal_x", "focal-x"), ("focal_y", "focal-y")):
            if name in self.fields:
                self.fields[name].widget.attrs.update({"class": css_class, "min": 0})

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and not self.instance.pk and "file" in self.changed_data:
            try:
                existing = same_content(Image, upload)
            except (OSError, ValueError):
                return cleaned
            if existing is not None:
                url = reverse("admin:armcms_image_change", args=[existing.pk])
                raise ValidationError(
                    format_html(
                        '{} <a href="{}">{}</a>',
                        gettext("This picture is already in the library:"),
                        url,
                        existing,
                    ),
                    code="duplicate_image",
                )
        return cleaned


@admin.register(Image)
class ImageAdmin(LibraryAdmin):
    form = ImageAdminForm
    translation_key = "alt"
    list_display = ["thumbnail", "title", "dimensions", "credit", "created_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = [
        "title",
        "tags",
        *every_language("alt", "caption", "credit"),
    ]
    list_filter = ["created_at"]
    fieldsets = [
        (None, {"fields": ["file", "focal_picker", "title", "tags"]}),
        (_("What uses start from"), {"fields": ["alt", "caption", "credit"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_x", "focal_y"],
                "description": _(
                    "The part of the picture that crops for cards and shared "
                    "links keep: click it on the picture above, or give its "
                    "position in pixels from the top left corner."
                ),
            },
        ),
        (_("Where it is used"), {"fields": ["used_on", "uploaded"]}),
    ]
    readonly_fields = [*LibraryAdmin.readonly_fields, "focal_picker"]
    change_list_template = "admin/armcms/image/change_list.html"

    @admin.display(description=_("picture"))
    def thumbnail(self, obj):
        return format_html(
            '<img class="library-thumbnail" src="{}" alt="" width="120" '
            'loading="lazy">',
            thumbnail_url(obj),
        )

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        return f"{obj.width} x {obj.height}" if obj.width else "—"

    @admin.display(description=_("picture"))
    def focal_picker(self, obj):
        if obj.pk is None or not obj.file:
            return "—"
        return format_html(
            '<div class="focal-picker" data-width="{}" data-height="{}">'
            '<img src="{}" alt="{}"><span class="focal-picker__mark" hidden></span>'
            "</div>",
            obj.width or "",
            obj.height or "",
            thumbnail_url(obj)
            if obj.width and obj.width > THUMBNAIL_WIDTH * 2
            else obj.file.url,
            gettext("Click the part of the picture to keep in crops."),
        )

    def summary(self, record) -> dict:
        return {
            **super().summary(record),
            "thumbnail": thumbnail_url(record),
            "alt": record.alt or "",
        }

    def get_urls(self):
        return [
            path(
                "bulk-upload/",
                self.admin_site.admin_view(self.bulk_upload_view),
                name="armcms_image_bulk_upload",
            ),
            *super().get_urls(),
        ]

    def bulk_upload_view(self, request):
        """
        Several images at once: the page's script sends them one by one
        (with a progress bar each) and gets JSON back; without script, the
        form sends them all and the page lists what became of each.
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        results = []
        if request.method == "POST":
            files = request.FILES.getlist("files")[:MAX_BULK_FILES]
            for upload in files:
                results.append(self.take_upload(request, upload))
            if request.headers.get("Accept") == "application/json":
                if len(results) != 1:
                    return JsonResponse(
                        {"error": gettext("Send one file at a time.")}, status=400
                    )
                result = results[0]
                return JsonResponse(result, status=400 if "error" in result else 200)
            if not files:
                messages.error(request, gettext("Choose one or more images."))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Upload several images"),
            "results": results,
            "max_files": MAX_BULK_FILES,
        }
        return TemplateResponse(request, "admin/armcms/image/bulk_upload.html", context)

    def take_upload(self, request, upload) -> dict:
        try:
            with transaction.atomic():
                image, created = image_from_upload(upload, user=request.user)
        except ValidationError as error:
            return {"name": upload.name, "error": " ".join(error.messages)}
        if created:
            self.log_addition(request, image, [{"added": {}}])
        return {
            "name": upload.name,
            "id": image.pk,
            "title": str(image),
            "created": created,
            "thumbnail": thumbnail_url(image),
            "change_url": reverse("admin:armcms_image_change", args=[image.pk]),
        }


@admin.register(Document)
class DocumentAdmin(LibraryAdmin):
    list_display = ["title", "kind", "language", "size", "created_at"]
    list_filter = ["language", "created_at"]
    search_fields = [
        "tags",
        "text",
        *every_language("title", "description"),
    ]
    fieldsets = [
        (None, {"fields": ["file", "title", "description", "language", "tags"]}),
        (_("Where it is used"), {"fields": ["used_on", "uploaded"]}),
    ]

    @admin.display(description=_("kind"))
    def kind(self, obj):
        return obj.extension

    @admin.display(description=_("size"))
    def size(self, obj):
        size = (obj.file_info or {}).get("size")
        return filesizeformat(size) if size else "—"

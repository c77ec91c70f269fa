"""
Preview before saving: what a change form holds (content, the homepage, the
site's identity, an impact figure), typed but not saved, shown as the public
page will show it, in its real template and with the address
it will have, in the language chosen.

The form's *Preview* button sends the whole form (to a new tab) to the
admin's ``preview/`` address. The form and its inlines are checked as a save
would check them; then, in one transaction that is always rolled back, the
item is saved, the public view of its address renders it, and the database
is left as it was. So the preview is the real page (its sections, its
topics, its related items), and nothing of it reaches the site: no row, no
version, no redirect, no cache change (those run on commit), whoever asks,
an Editor included. Files chosen in the form are not sent to the preview
(they would be stored): the page shows the image already saved.
"""

from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.formsets import all_valid
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, QueryDict
from django.template.response import TemplateResponse
from django.urls import path, resolve, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.text import capfirst
from django.utils.translation import gettext

from armcms.content import shown
from armcms.content.locale import default_language, language_codes

from .translations import language_name

# The value a kept file's token and its box send (armcms.backoffice.uploads).
KEPT_SUFFIXES = ("-kept", "-kept-remove")


class PreviewAdminMixin:
    """
    For a ModelAdmin: its forms' preview, at ``preview_address(obj)`` (the
    item's own address; a settings object names the page that shows it).
    """

    preview_template = "admin/preview_errors.html"

    def preview_address(self, obj) -> str:
        return obj.get_absolute_url()

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_preview"
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("add/preview/", preview, name=name),
            path("<path:object_id>/preview/", preview, name=name),
            *super().get_urls(),
        ]

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # The form's Preview button (templates/admin/change_form.html).
        name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}"
        context["preview_url"] = (
            reverse(f"{name}_preview", args=[obj.pk])
            if obj is not None and obj.pk is not None
            else reverse(f"{name}_preview")
        )
        context["preview_languages"] = [
            (code, language_name(code)) for code in language_codes()
        ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        add = object_id is None
        obj = None if add else self.get_object(request, unquote(object_id))
        if not add and obj is None:
            raise Http404
        if not (
            self.has_add_permission(request)
            if add
            else self.has_change_permission(request, obj)
        ):
            raise PermissionDenied
        language = request.POST.get("preview_language")
        if language not in language_codes():
            language = default_language()
        data = request.POST.copy()
        for key in list(data):
            if key.endswith(KEPT_SUFFIXES):
                del data[key]
        with transaction.atomic():
            response = self.render_preview(request, obj, data, language)
            transaction.set_rollback(True)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def render_preview(self, request, obj, data, language):
        """
        The public page of the item as ``data`` would save it, or the page
        listing what stops it from being saved. Writes to the database:
        the caller rolls back.
        """
        change = obj is not None
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        form_class = self.get_form(request, obj, change=change, fields=fields)
        form = form_class(data, {}, instance=obj)
        form_valid = form.is_valid()
        new_object = self.save_form(request, form, change=change) if form_valid else obj
        formsets = []
        prefixes = {}
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            prefix = formset_class.get_default_prefix()
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
            if prefixes[prefix] != 1:
                prefix = f"{prefix}-{prefixes[prefix]}"
            formsets.append(
                formset_class(
                    data,
                    {},
                    instance=new_object if form_valid else obj,
                    prefix=prefix,
                    queryset=inline.get_queryset(request),
                )
            )
        if not (all_valid(formsets) and form_valid):
            return self.preview_errors(request, form, formsets)
        new_object.save()
        form.save_m2m()
        for formset in formsets:
            formset.save()
        return self.render_public(request, new_object, language)

    def render_public(self, request, item, language, saved=False):
        """The public page of ``item`` as it stands in the database now, in
        ``language``, for the person previewing: changes ``saved`` but not
        published, or (by default) a form's input not saved."""
        with translation.override(language), shown.read_afresh():
            address = self.preview_address(item)
            match = resolve(address)
            page = public_request(request, address, language, match, saved)
            response = match.func(page, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def preview_errors(self, request, form, formsets):
        return TemplateResponse(
            request,
            self.preview_template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Preview"),
                "errors": list(form_errors(form, formsets)),
            },
        )


def form_errors(form, formsets):
    """What stops ``form`` and its inlines' ``formsets`` from saving, each
    error with the field it is about: "Title [en]: This field is required."."""
    yield from form.non_field_errors()
    for name, messages in form.errors.items():
        if name in form.fields:
            yield f"{form[name].label}: {' '.join(messages)}"
    for formset in formsets:
        yield from formset.non_form_errors()
        for number, inline_form in enumerate(formset.forms, start=1):
            for name, messages in inline_form.errors.items():
                label = inline_form[name].label if name in inline_form.fields else ""
                where = f"{capfirst(formset.model._meta.verbose_name)} {number}"
                yield f"{where}, {label}: {' '.join(messages)}".replace(", :", ":")


def public_request(
    request, address: str, language: str, match, saved: bool = False
) -> HttpRequest:
    """A GET of ``address`` by the person previewing, as the public site's
    views read requests."""
    page = HttpRequest()
    page.method = "GET"
    page.path = page.path_info = address
    page.META = {
        **request.META,
        "REQUEST_METHOD": "GET",
        "PATH_INFO": address,
        "QUERY_STRING": "",
    }
    page.GET = QueryDict()
    page.COOKIES = request.COOKIES
    page.user = request.user
    page.session = request.session
    page.LANGUAGE_CODE = language
    page.resolver_match = match
    # Read by templates/base.html: say what the page shows is not public.
    page.armcms_unsaved_preview = not saved
    page.armcms_changes_preview = saved
    return page

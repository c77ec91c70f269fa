"""
Bulk actions that file the selected items under topics and countries, or
take them out: the list's action asks which, on a page of its own, then
changes every item at once, recorded in each item's history. Anyone who may
change the items may do it; an Editor's bulk change leaves published items
as they are (see armcms.content.publishing.directly_changeable).
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from armcms.content.forms import ModelMultipleChoiceField
from armcms.content.models import Country, Topic
from armcms.content.publishing import directly_changeable


class TaxonomyForm(forms.Form):
    topics = ModelMultipleChoiceField(
        Topic.objects.all(),
        label=_("Topics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = ModelMultipleChoiceField(
        Country.objects.all(),
        label=_("Countries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("topics") and not cleaned_data.get("countries"):
            raise forms.ValidationError(_("Choose at least one topic or country."))
        return cleaned_data


def taxonomy_action(adding: bool, description):
    """The action that adds (``adding``) or removes topics and countries."""

    @admin.action(description=description, permissions=["change"])
    def action(model_admin, request, queryset):
        form = TaxonomyForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            writable = directly_changeable(request.user, queryset.model, queryset)
            left = queryset.count() - writable.count()
            if left:
                model_admin.message_user(
                    request,
                    ngettext(
                        "%(count)d published item was left as it is: only "
                        "publishers change published items at once; open it "
                        "to save your changes as a draft.",
                        "%(count)d published items were left as they are: "
                        "only publishers change published items at once; "
                        "open them to save your changes as drafts.",
                        left,
                    )
                    % {"count": left},
                    messages.WARNING,
                )
            count = change_taxonomy(request, writable, adding, **form.cleaned_data)
            message = (
                ngettext(
                    "%(count)d item filed under them.",
                    "%(count)d items filed under them.",
                    count,
                )
                if adding
                else ngettext(
                    "%(count)d item taken out of them.",
                    "%(count)d items taken out of them.",
                    count,
                )
            )
            model_admin.message_user(
                request, message % {"count": count}, messages.SUCCESS
            )
            return None
        return TemplateResponse(
            request,
            "admin/taxonomy_action.html",
            {
                **model_admin.admin_site.each_context(request),
                "title": description,
                "opts": model_admin.opts,
                "form": form,
                "items": queryset,
                "action": request.POST.get("action", ""),
                "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                "adding": adding,
            },
        )

    return action


def change_taxonomy(request, queryset, adding, topics, countries) -> int:
    """File ``queryset``'s items under ``topics`` and ``countries`` (or take
    them out), recorded in each item's history; how many items."""
    names = ", ".join(str(choice) for choice in [*topics, *countries])
    comment = (
        gettext("Filed under %(names)s")
        if adding
        else gettext("Taken out of %(names)s")
    ) % {"names": names}
    items = list(queryset)
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(request.user)
        reversion.set_comment(comment)
        for item in items:
            for relation, chosen in (("topics", topics), ("countries", countries)):
                manager = getattr(item, relation)
                if adding:
                    manager.add(*chosen)
                else:
                    manager.remove(*chosen)
            reversion.add_to_revision(item)
        queryset.model.objects.filter(pk__in=[item.pk for item in items]).update(
            updated_at=timezone.now()
        )
    return len(items)

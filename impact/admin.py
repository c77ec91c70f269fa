from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from armcms.backoffice.drafts import DraftAdminMixin
from armcms.backoffice.mixins import TranslatedVersionAdmin, every_language
from armcms.content.forms import DecimalField

from .models import ImpactMetric, ImpactValue

# Figures are decimals; "sNaN" typed into one must be a form error.
DECIMAL_FIELDS = {models.DecimalField: {"form_class": DecimalField}}


class HistoryFormSet(forms.BaseInlineFormSet):
    """
    History rows for earlier dates. The row for the figure's own "as of" date
    mirrors the fields above, so it is not edited here.
    """

    def clean(self):
        super().clean()
        current_date = self.instance.measured_on
        for form in self.forms:
            if not form.has_changed() or form.errors:
                continue
            data = form.cleaned_data
            if not data.get("DELETE") and data.get("measured_on") == current_date:
                form.add_error(
                    "measured_on",
                    _(
                        "This date holds the figure's current value: "
                        "change it in the fields above."
                    ),
                )


class ImpactValueInline(admin.TabularInline):
    model = ImpactValue
    formset = HistoryFormSet
    formfield_overrides = DECIMAL_FIELDS
    extra = 0
    fields = ["measured_on", "value", "is_illustrative"]
    verbose_name_plural = _("history (add earlier values to show how the figure grew)")


@admin.register(ImpactMetric)
class ImpactMetricAdmin(DraftAdminMixin, TranslatedVersionAdmin):
    translation_key = "label"
    list_display = [
        "label",
        "display_value",
        "measured_on",
        "has_illustrative_values",
        "is_active",
        "display_order",
    ]
    list_editable = ["is_active", "display_order"]
    list_filter = ["is_active"]
    search_fields = every_language("label", "context")
    inlines = [ImpactValueInline]
    formfield_overrides = DECIMAL_FIELDS
    fieldsets = [
        (None, {"fields": ["label", "context"]}),
        (_("Figure"), {"fields": ["prefix", "value", "suffix", "unit", "measured_on"]}),
        (_("Display"), {"fields": ["is_active", "display_order"]}),
    ]

    def get_queryset(self, request):
        illustrative = ImpactValue.objects.filter(
            metric=OuterRef("pk"), is_illustrative=True
        )
        return super().get_queryset(request).annotate(illustrative=Exists(illustrative))

    @admin.display(boolean=True, description=_("illustrative values"))
    def has_illustrative_values(self, obj) -> bool:
        return obj.illustrative

    def preview_address(self, obj) -> str:
        return reverse("impact:metric_list")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The history edits above may have touched the current date's row.
        form.instance.record_value()

    @admin.display(description=_("figure"))
    def display_value(self, obj):
        return obj.display_value()

"""The impact figures a page section shows (see ``armcms.content.sections``)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from armcms.content.sections import (
    NOT_SHOWN,
    SectionKind,
    chosen,
    item_key,
    item_pks,
)

from .models import ImpactMetric


class ImpactFigures(SectionKind):
    label = _("Impact figures")
    fields = ("heading", "items")
    required = ("items",)
    template = "impact/_section_figures.html"
    help_text = _("Chosen figures, always as they stand now under Impact figures.")

    def item_choices(self, held=()):
        metrics = ImpactMetric.objects.filter(
            Q(is_active=True) | Q(pk__in=item_pks(held, ImpactMetric))
        )
        return [
            (
                item_key(metric),
                str(metric) if metric.is_active else NOT_SHOWN % {"item": metric},
            )
            for metric in metrics
        ]

    def load(self, sections):
        pks = {
            pk for section in sections for pk in item_pks(section.items, ImpactMetric)
        }
        metrics = ImpactMetric.objects.active().filter(pk__in=pks) if pks else []
        loaded = {item_key(metric): metric for metric in metrics}
        for section in sections:
            section.content = chosen(section.items, loaded)

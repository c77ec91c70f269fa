from modeltranslation.translator import register

from armcms.translation import Translated

from .models import ImpactMetric


@register(ImpactMetric)
class ImpactMetricTranslation(Translated):
    fields = ("label", "prefix", "unit", "suffix", "context")

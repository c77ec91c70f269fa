from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from .models import ImpactMetric


class ImpactMetricListView(ListView):
    template_name = "impact/metric_list.html"
    context_object_name = "metrics"
    list_title = _("Our impact")
    # The GET parameters the page reads (see armcms.pagecache.pages.normal_query): none.
    query_parameters = {}

    def get_queryset(self):
        return ImpactMetric.objects.active().prefetch_related("history")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # From the prefetched history: whether the page shows any value that
        # is an example rather than a measurement, which it then says.
        context["illustrative_values"] = any(
            point.is_illustrative
            for metric in context["metrics"]
            for point in metric.yearly_history()
        )
        return context

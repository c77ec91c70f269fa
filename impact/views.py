from django.views.generic import ListView

from .models import ImpactMetric


class ImpactMetricListView(ListView):
    template_name = "impact/metric_list.html"
    context_object_name = "metrics"

    def get_queryset(self):
        return ImpactMetric.objects.active().prefetch_related("history")

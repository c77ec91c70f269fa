from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from armcms.content import shown

from .models import ImpactMetric, last_of_each_year


class ImpactMetricListView(TemplateView):
    template_name = "impact/metric_list.html"
    list_title = _("Our impact")
    # The GET parameters the page reads (see armcms.pagecache.pages.normal_query): none.
    query_parameters = {}

    def get_context_data(self, **kwargs):
        # Worked out from every recorded value, and kept in the shared cache
        # until a figure changes.
        metrics = shown.remembered(ImpactMetric, "impact-page", figures_by_year)
        return super().get_context_data(
            metrics=metrics,
            # Whether the page shows any value that is an example rather
            # than a measurement, which it then says.
            illustrative_values=any(
                point.is_illustrative for metric in metrics for point in metric.years
            ),
            **kwargs,
        )


def figures_by_year() -> list[ImpactMetric]:
    """The active figures, each with ``years``: its last value in each year."""
    metrics = list(
        ImpactMetric.objects.active().prefetch_related(
            Prefetch("history", to_attr="recorded")
        )
    )
    for metric in metrics:
        metric.years = last_of_each_year(metric.recorded)
        del metric.recorded  # what the cache keeps: the years alone
    return metrics

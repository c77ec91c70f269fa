from django.utils.translation import gettext_lazy as _

from armcms.content.views import PublishedDetailView, PublishedListView

from .filters import PublicationFilterSet
from .models import Publication


class PublicationListView(PublishedListView):
    model = Publication
    filterset_class = PublicationFilterSet
    list_title = _("Publications")

    def get_queryset(self):
        return super().get_queryset().select_related("series")


class PublicationDetailView(PublishedDetailView):
    model = Publication

    def get_queryset(self):
        return super().get_queryset().select_related("series")

    def get_context_data(self, **kwargs):
        series_parts = []
        if self.object.series_id:
            series_parts = (
                Publication.objects.published()
                .for_listing()
                .filter(series=self.object.series_id)
                .exclude(pk=self.object.pk)
                .order_by("part_number")
            )
        return super().get_context_data(series_parts=series_parts, **kwargs)

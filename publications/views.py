from armcms.views import PublishedDetailView, PublishedListView

from .models import Publication


class PublicationListView(PublishedListView):
    model = Publication

    def get_queryset(self):
        return super().get_queryset().select_related("series")


class PublicationDetailView(PublishedDetailView):
    model = Publication

    def get_queryset(self):
        return super().get_queryset().select_related("series")

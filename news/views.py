from armcms.views import PublishedDetailView, PublishedListView

from .filters import NewsArticleFilterSet, PressReleaseFilterSet
from .models import NewsArticle, PressRelease


class NewsArticleListView(PublishedListView):
    model = NewsArticle
    filterset_class = NewsArticleFilterSet


class NewsArticleDetailView(PublishedDetailView):
    model = NewsArticle


class PressReleaseListView(PublishedListView):
    model = PressRelease
    filterset_class = PressReleaseFilterSet


class PressReleaseDetailView(PublishedDetailView):
    model = PressRelease

from django.utils.translation import gettext_lazy as _

from armcms.content.views import PublishedDetailView, PublishedListView

from .filters import NewsArticleFilterSet, PressReleaseFilterSet
from .models import NewsArticle, PressRelease


class NewsArticleListView(PublishedListView):
    model = NewsArticle
    filterset_class = NewsArticleFilterSet
    list_title = _("News")


class NewsArticleDetailView(PublishedDetailView):
    model = NewsArticle


class PressReleaseListView(PublishedListView):
    model = PressRelease
    filterset_class = PressReleaseFilterSet
    list_title = _("Press releases")


class PressReleaseDetailView(PublishedDetailView):
    model = PressRelease

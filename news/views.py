from armcms.views import PublishedDetailView, PublishedListView

from .models import NewsArticle, PressRelease


class NewsArticleListView(PublishedListView):
    model = NewsArticle


class NewsArticleDetailView(PublishedDetailView):
    model = NewsArticle


class PressReleaseListView(PublishedListView):
    model = PressRelease


class PressReleaseDetailView(PublishedDetailView):
    model = PressRelease

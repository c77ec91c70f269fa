from armcms.content.filters import PublishableFilterSet

from .models import NewsArticle, PressRelease


class NewsArticleFilterSet(PublishableFilterSet):
    class Meta:
        model = NewsArticle
        fields = []


class PressReleaseFilterSet(PublishableFilterSet):
    class Meta:
        model = PressRelease
        fields = []

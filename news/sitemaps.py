from armcms.content.sitemaps import PublishedSitemap

from .models import NewsArticle, PressRelease


class NewsArticleSitemap(PublishedSitemap):
    model = NewsArticle


class PressReleaseSitemap(PublishedSitemap):
    model = PressRelease

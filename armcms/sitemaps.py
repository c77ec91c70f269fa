from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PublishedSitemap(Sitemap):
    """
    Every published item of ``model``, with its last change, in pages of
    ``limit`` addresses listed by the sitemap index.
    """

    model = None
    limit = 2000

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PagesSitemap(Sitemap):
    """The homepage and the section pages."""

    changefreq = "daily"

    def items(self):
        return [
            "home",
            "news:article_list",
            "news:pressrelease_list",
            "publications:publication_list",
            "impact:metric_list",
        ]

    def location(self, item):
        return reverse(item)

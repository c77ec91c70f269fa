from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse


class PublishedSitemap(Sitemap):
    """
    Every published item of ``model``, with its last change, in pages of
    ``limit`` addresses listed by the sitemap index.
    """

    model = None
    limit = 500

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default walks every item; one aggregate does the same.
        latest = self.model.objects.published().aggregate(latest=Max("updated_at"))
        return latest["latest"]


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

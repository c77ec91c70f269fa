from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property


class KeyRangePaginator(Paginator):
    """
    Pages by ranges of primary keys: page n holds keys from (n - 1) x size + 1
    to n x size. It needs the largest key, one index lookup, instead of a
    count of the whole archive; a page may hold fewer items than its size.
    """

    @cached_property
    def count(self) -> int:
        return self.object_list.aggregate(largest=Max("pk"))["largest"] or 0

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        items = self.object_list.filter(pk__gt=bottom, pk__lte=bottom + self.per_page)
        return self._get_page(items, number, self)


class PublishedSitemap(Sitemap):
    """
    Every published item of ``model``, with its last change, in pages of at
    most ``limit`` addresses listed by the sitemap index.
    """

    model = None
    limit = 500

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    @property
    def paginator(self):
        return KeyRangePaginator(self.items(), self.limit)

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # The index leaves it out: finding it would read the whole archive.
        return None


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

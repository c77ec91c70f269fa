from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from .locale import default_language, is_translated, language_codes


class KeyRangePaginator(Paginator):
    """
    Pages by ranges of primary keys: page n holds keys from (n - 1) x size + 1
    to n x size. It needs the largest key, one index lookup, instead of a
    count of the whole archive; a page may hold fewer items than its size.
    ``expand`` turns each item into the entries a page lists (an item's
    language versions, say).
    """

    def __init__(self, object_list, per_page, expand=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.expand = expand

    @cached_property
    def count(self) -> int:
        return self.object_list.aggregate(largest=Max("pk"))["largest"] or 0

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        items = self.object_list.filter(pk__gt=bottom, pk__lte=bottom + self.per_page)
        if self.expand is not None:
            items = [entry for item in items for entry in self.expand(item)]
        return self._get_page(items, number, self)


class LanguagesSitemap(Sitemap):
    """
    Each address in every language it exists in, with ``hreflang`` links to
    the others and an ``x-default`` pointing at the default language's.
    """

    i18n = True
    alternates = True
    x_default = True

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        # Django derives x-default by removing "/<default language>/" from the
        # address; the default language has no prefix here, and a slug such
        # as "en" must not lose a segment, so take its address as it is.
        for url in urls:
            by_language = {link["lang_code"]: link for link in url["alternates"]}
            if "x-default" in by_language and default_language() in by_language:
                by_language["x-default"]["location"] = by_language[default_language()][
                    "location"
                ]
        return urls


class PublishedSitemap(LanguagesSitemap):
    """
    Every published item of ``model`` in each language it is translated into,
    with its last change and its other language versions (``hreflang``), in
    pages of at most ``limit`` items listed by the sitemap index.
    """

    model = None
    limit = 500

    def items(self):
        return (
            self.model.objects.published()
            .only("slug", "title", "updated_at")
            .order_by("pk")
        )

    @property
    def paginator(self):
        return KeyRangePaginator(
            self.items(),
            self.limit,
            expand=lambda item: [
                (item, code) for code in self.get_languages_for_item(item)
            ],
        )

    def get_languages_for_item(self, item):
        """The default language and the languages the item is translated into;
        other language versions show the default language's text."""
        return [code for code in language_codes() if is_translated(item, code)]

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # The index leaves it out: finding it would read the whole archive.
        return None


class PagesSitemap(LanguagesSitemap):
    """The homepage and the section pages, in every language."""

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

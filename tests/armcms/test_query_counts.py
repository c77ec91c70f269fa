"""
Every public page runs a fixed number of queries, whatever the amount of
content: measured with the page cache off (what a cache miss costs), at two
volumes. With the cache warm a page runs none.
"""

from datetime import date

import pytest
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile

from impact.models import ImpactValue
from tests.armcms.factories import CountryFactory, TopicFactory
from tests.conftest import pdf_with_text
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.publications.factories import PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db

HOMEPAGE_LIMIT = 10
PAGE_LIMIT = 8
SEARCH_LIMIT = 5  # count, ranked page, one load per content type


def add_content(volume: int) -> dict:
    topics = [TopicFactory(name="Gender"), TopicFactory(name="Mercury")]
    countries = [CountryFactory(name="Peru"), CountryFactory(name="Colombia")]
    series = SeriesFactory()
    extra = {"topics": topics, "countries": countries}
    items = {
        "news": NewsArticleFactory.create_batch(volume, title="Gold news", **extra),
        "press": PressReleaseFactory.create_batch(volume, title="Gold press", **extra),
        "publications": [
            PublicationFactory(
                title="Gold report", series=series, part_number=n + 1, **extra
            )
            for n in range(volume)
        ],
    }
    items["publications"][0].pdf.save("r.pdf", ContentFile(pdf_with_text("gold")))
    for metric in ImpactMetricFactory.create_batch(volume):
        for year in range(2010, 2010 + volume):
            ImpactValue.objects.get_or_create(
                metric=metric, measured_on=date(year, 1, 1), defaults={"value": year}
            )
    return items


def page_urls(items) -> dict[str, int]:
    return {
        "/": HOMEPAGE_LIMIT,
        "/news/": PAGE_LIMIT,
        "/news/?year=2026&topic=gender&country=peru&page=1": PAGE_LIMIT,
        "/press/": PAGE_LIMIT,
        "/publications/?kind=report": PAGE_LIMIT,
        items["news"][0].get_absolute_url(): PAGE_LIMIT,
        items["press"][0].get_absolute_url(): PAGE_LIMIT,
        items["publications"][0].get_absolute_url(): PAGE_LIMIT,
        "/impact/": PAGE_LIMIT,
        "/search/?q=gold": PAGE_LIMIT,
        "/feeds/news/": PAGE_LIMIT,
        "/feeds/publications/atom/": PAGE_LIMIT,
        "/sitemap.xml": PAGE_LIMIT,
        "/sitemap-news.xml": PAGE_LIMIT,
    }


def query_counts(client, django_assert_max_num_queries, urls) -> dict[str, int]:
    counts = {}
    for url, limit in urls.items():
        with django_assert_max_num_queries(limit) as captured:
            assert client.get(url).status_code == 200, url
        counts[url] = len(captured)
    return counts


def test_query_counts_stay_fixed_as_content_grows(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    # Feeds and sitemaps read the site's domain once per process.
    Site.objects.get_current()
    urls = page_urls(add_content(3))
    small = query_counts(client, django_assert_max_num_queries, urls)
    add_content(30)
    large = query_counts(client, django_assert_max_num_queries, urls)
    # Search loads each content type found on the shown page (one query each),
    # so its count depends on the mix of results, never on their number.
    search = "/search/?q=gold"
    assert large.pop(search) <= SEARCH_LIMIT >= small.pop(search)
    assert large == small


def test_a_warm_page_runs_no_query(client, django_assert_num_queries):
    urls = page_urls(add_content(2))
    for url in urls:
        first = client.get(url)
        assert first.get("X-Page-Cache") == "miss", url
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.get("X-Page-Cache") == "hit", url
        assert again.content == first.content

import feedparser
import pytest
from django.utils import timezone

from armcms.sitemaps import PublishedSitemap
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

FEEDS = [
    ("news", NewsArticleFactory),
    ("press", PressReleaseFactory),
    ("publications", PublicationFactory),
]


@pytest.mark.parametrize(("name", "factory"), FEEDS)
@pytest.mark.parametrize(("suffix", "version"), [("", "rss20"), ("atom/", "atom10")])
def test_feeds_list_published_items_newest_first(
    client, name, factory, suffix, version
):
    from datetime import timedelta

    from django.utils import timezone

    older = factory(title="Older item", published_at=timezone.now() - timedelta(days=3))
    newer = factory(title="Newer item", summary="What happened.")
    factory(title="Draft item", draft=True)
    factory(title="Scheduled item", scheduled=True)
    response = client.get(f"/feeds/{name}/{suffix}")
    feed = feedparser.parse(response.content)
    assert feed.version == version
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Newer item", "Older item"]
    assert feed.entries[0].link == f"http://testserver{newer.get_absolute_url()}"
    assert feed.entries[0].summary == "What happened."
    assert feed.entries[1].link.endswith(older.get_absolute_url())


def test_sitemap_index_lists_the_sections(client):
    xml = client.get("/sitemap.xml").content.decode()
    for section in ["pages", "news", "press", "publications"]:
        assert f"<loc>http://testserver/sitemap-{section}.xml</loc>" in xml


def test_sections_are_paged(client, settings):
    PublishedSitemap.limit, limit = 2, PublishedSitemap.limit
    try:
        articles = NewsArticleFactory.create_batch(3)
        pages = (articles[-1].pk + 1) // 2
        xml = client.get("/sitemap.xml").content.decode()
        assert f"/sitemap-news.xml?p={pages}</loc>" in xml
        for article in articles:  # page n holds keys 2n - 1 and 2n
            page = client.get(f"/sitemap-news.xml?p={(article.pk + 1) // 2}")
            assert article.get_absolute_url() in page.content.decode()
        assert client.get(f"/sitemap-news.xml?p={pages + 1}").status_code == 404
    finally:
        PublishedSitemap.limit = limit


def test_sitemap_lists_every_published_item_with_lastmod(client):
    items = [NewsArticleFactory(), PressReleaseFactory(), PublicationFactory()]
    hidden = [NewsArticleFactory(draft=True), PublicationFactory(scheduled=True)]
    # Each file holds a range of keys: fetch the ones these items' keys are in.
    pages = {(item.pk - 1) // PublishedSitemap.limit + 1 for item in items + hidden}
    xml = client.get("/sitemap-pages.xml").content.decode() + "".join(
        client.get(f"/sitemap-{section}.xml?p={page}").content.decode()
        for section in ["news", "press", "publications"]
        for page in pages
    )
    for item in items:
        assert f"<loc>http://testserver{item.get_absolute_url()}</loc>" in xml
        lastmod = timezone.localdate(item.updated_at).isoformat()
        assert f"<lastmod>{lastmod}</lastmod>" in xml
    for item in hidden:
        assert item.get_absolute_url() not in xml
    for page in ["/", "/news/", "/press/", "/publications/", "/impact/"]:
        assert f"<loc>http://testserver{page}</loc>" in xml

import feedparser
import pytest
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.utils import timezone, translation

import armcms.urls
from armcms.content.sitemaps import PublishedSitemap, sitemap_section
from news.sitemaps import NewsArticleSitemap
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
    for section in ["sections", "news", "press", "publications", "pages"]:
        assert f"<loc>http://testserver/sitemap-{section}.xml</loc>" in xml


def test_sections_are_paged(client, monkeypatch):
    monkeypatch.setattr(PublishedSitemap, "limit", 2)
    articles = NewsArticleFactory.create_batch(3)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-news.xml?p=2</loc>" in xml
    assert "/sitemap-news.xml?p=3</loc>" not in xml
    for number, article in enumerate(articles):  # page n holds items 2n - 1, 2n
        page = client.get(f"/sitemap-news.xml?p={number // 2 + 1}")
        assert article.get_absolute_url() in page.content.decode()
    assert client.get("/sitemap-news.xml?p=3").status_code == 404


def test_pages_are_full_whatever_gaps_drafts_leave_in_the_keys(client, monkeypatch):
    monkeypatch.setattr(PublishedSitemap, "limit", 2)
    published = []
    for _ in range(3):
        NewsArticleFactory.create_batch(3, draft=True)
        published.append(NewsArticleFactory())
    xml = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-news.xml?p=2</loc>" in xml
    assert "/sitemap-news.xml?p=3</loc>" not in xml
    first = client.get("/sitemap-news.xml?p=1").content.decode()
    second = client.get("/sitemap-news.xml?p=2").content.decode()
    assert [item.get_absolute_url() in first for item in published] == [
        True,
        True,
        False,
    ]
    assert published[2].get_absolute_url() in second


def test_sitemap_lists_every_published_item_with_lastmod(client):
    items = [NewsArticleFactory(), PressReleaseFactory(), PublicationFactory()]
    hidden = [NewsArticleFactory(draft=True), PublicationFactory(scheduled=True)]
    xml = client.get("/sitemap-sections.xml").content.decode() + "".join(
        client.get(f"/sitemap-{section}.xml").content.decode()
        for section in ["news", "press", "publications"]
    )
    for item in items:
        assert f"<loc>http://testserver{item.get_absolute_url()}</loc>" in xml
        lastmod = timezone.localdate(item.updated_at).isoformat()
        assert f"<lastmod>{lastmod}</lastmod>" in xml
    for item in hidden:
        assert item.get_absolute_url() not in xml
    for page in ["/", "/news/", "/press/", "/publications/", "/impact/"]:
        assert f"<loc>http://testserver{page}</loc>" in xml


# Where the site is served: a TLS proxy on a port of its own, and the
# development server. Links name the address the request came to.
ORIGINS = [
    ("https://example.org:8443", {"HTTP_HOST": "example.org:8443", "secure": True}),
    (
        "https://example.org:8443",
        {"HTTP_HOST": "example.org:8443", "HTTP_X_FORWARDED_PROTO": "https"},
    ),
    ("http://127.0.0.1:8000", {"HTTP_HOST": "127.0.0.1:8000"}),
]


@pytest.fixture
def served_at(settings):
    settings.ALLOWED_HOSTS = ["example.org", "127.0.0.1"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_feeds_link_to_the_address_they_were_asked_at(client, served_at, suffix):
    article = NewsArticleFactory()
    # Each origin in turn: the page cache keeps each one's feed apart.
    for origin, request in ORIGINS:
        feed = feedparser.parse(client.get(f"/feeds/news/{suffix}", **request).content)
        assert not feed.bozo
        assert feed.feed.link == f"{origin}/news/"
        assert feed.entries[0].link == f"{origin}{article.get_absolute_url()}"
        assert feed.entries[0].id == feed.entries[0].link
        if suffix:  # Atom names its own address
            assert feed.feed.links[-1].href == f"{origin}/feeds/news/atom/"


def test_feeds_in_other_languages_link_to_that_language(client, served_at):
    article = NewsArticleFactory(title_es="Oro", slug_es="oro")
    feed = feedparser.parse(client.get("/es/feeds/news/", **ORIGINS[0][1]).content)
    with translation.override("es"):
        path = article.get_absolute_url()
    assert path.startswith("/es/")
    assert feed.feed.link == "https://example.org:8443/es/news/"
    assert feed.entries[0].link == f"https://example.org:8443{path}"


def rendered(response) -> str:
    return response.render().content.decode()


@pytest.mark.parametrize(("origin", "asked"), ORIGINS)
def test_sitemaps_link_to_the_address_they_were_asked_at(
    client, served_at, monkeypatch, origin, asked
):
    monkeypatch.setattr(NewsArticleSitemap, "limit", 1)
    articles = NewsArticleFactory.create_batch(2)
    index = client.get("/sitemap.xml", **asked).content.decode()
    for section in armcms.urls.sitemaps:
        assert f"<loc>{origin}/sitemap-{section}.xml</loc>" in index
    assert f"<loc>{origin}/sitemap-news.xml?p=2</loc>" in index
    for number, article in enumerate(articles, start=1):
        address = f"/sitemap-news.xml?p={number}"
        xml = client.get(address, **asked).content.decode()
        location = f"{origin}{article.get_absolute_url()}"
        assert f"<loc>{location}</loc>" in xml
        assert f'hreflang="x-default" href="{location}"' in xml
    pages = client.get("/sitemap-sections.xml", **asked).content.decode()
    assert f"<loc>{origin}/es/news/</loc>" in pages


@pytest.mark.parametrize("section", ["sections", "news"])
def test_sitemap_views_answer_as_djangos_at_the_sites_domain(client, rf, section):
    """At the domain the sites framework holds, the same answer as Django's
    own sitemap views: XML, headers and all."""
    NewsArticleFactory.create_batch(2, title_es="Oro")
    sitemaps = armcms.urls.sitemaps
    for address, djangos_view, kwargs in [
        ("/sitemap.xml", sitemap_views.index, {}),
        (
            f"/sitemap-{section}.xml",
            sitemap_views.sitemap,
            {"section": section, "template_name": "sitemaps/sitemap.xml"},
        ),
    ]:
        ours = client.get(address)
        djangos = djangos_view(rf.get(address), sitemaps, **kwargs)
        assert ours.content.decode() == rendered(djangos)
        for header in ["Content-Type", "X-Robots-Tag", "Last-Modified"]:
            assert ours.get(header) == djangos.get(header)


def test_sitemap_section_view_refuses_unknown_sections_and_pages(rf):
    sitemaps = armcms.urls.sitemaps
    for address, section in [
        ("/sitemap-other.xml", "other"),
        ("/sitemap-news.xml?p=9", "news"),
        ("/sitemap-news.xml?p=x", "news"),
    ]:
        with pytest.raises(Http404):
            sitemap_section(rf.get(address), sitemaps, section)

"""
The sitemap's XML, byte for byte: the fast path in armcms.content.sitemaps writes
each <url> element itself, so these tests pin what it writes, against a
literal expectation and against Django's own sitemap machinery and
``sitemap.xml`` template fed the same content.
"""

from datetime import UTC, datetime

import pytest
from django.contrib.sitemaps import Sitemap
from django.contrib.sites.models import Site
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

import armcms.urls
from armcms.content.locale import is_translated, language_codes
from armcms.content.sitemaps import LanguagesSitemap, SectionsSitemap
from news.models import NewsArticle
from news.sitemaps import NewsArticleSitemap
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db

HOST = "http://testserver"
# 03:30 UTC is still the evening before in Bogotá (TIME_ZONE).
LATE = datetime(2024, 3, 2, 3, 30, tzinfo=UTC)
NOON = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def one_page(monkeypatch):
    """Every key on the first page, whatever keys the database hands out."""
    monkeypatch.setattr(NewsArticleSitemap, "limit", 10**9)


@pytest.fixture
def articles(one_page):
    """Items in some languages and not others, with awkward slugs."""
    items = {
        "english": NewsArticleFactory(title="Gold prices", slug="gold-prices"),
        "spanish": NewsArticleFactory(
            title="Women lead",
            slug="women-lead",
            title_es="Mujeres al frente",
            slug_es="mujeres-al-frente",
        ),
        # A slug that is a language code must keep its segment in x-default.
        "slug_en": NewsArticleFactory(
            title="EN", slug="en", title_es="ES", slug_es="es", title_fr="FR"
        ),
        # Non-ASCII and "&" are percent-encoded, in every language.
        "encoded": NewsArticleFactory(
            title="Café & co", slug="café-&-co", title_fr="Café", slug_fr="café-fr"
        ),
    }
    NewsArticleFactory(title="Draft", slug="draft", draft=True)
    # Translated into French with no French slug: the English slug stands in.
    NewsArticle.objects.filter(pk=items["slug_en"].pk).update(slug_fr=None)
    NewsArticle.objects.filter(pk=items["encoded"].pk).update(updated_at=LATE)
    NewsArticle.objects.exclude(pk=items["encoded"].pk).update(updated_at=NOON)
    return items


def url(location: str, day: str, links: list[tuple[str, str]]) -> str:
    alternates = "".join(
        f'<xhtml:link rel="alternate" hreflang="{code}" href="{HOST}{href}"/>'
        for code, href in links
    )
    return f"<url><loc>{HOST}{location}</loc><lastmod>{day}</lastmod>{alternates}</url>"


def test_section_page_xml_is_pinned(client, articles):
    english = [("en", "/news/gold-prices/"), ("x-default", "/news/gold-prices/")]
    spanish = [
        ("en", "/news/women-lead/"),
        ("es", "/es/news/mujeres-al-frente/"),
        ("x-default", "/news/women-lead/"),
    ]
    slug_en = [
        ("en", "/news/en/"),
        ("es", "/es/news/es/"),
        ("fr", "/fr/news/en/"),
        ("x-default", "/news/en/"),
    ]
    encoded = [
        ("en", "/news/caf%C3%A9-%26-co/"),
        ("fr", "/fr/news/caf%C3%A9-fr/"),
        ("x-default", "/news/caf%C3%A9-%26-co/"),
    ]
    expected = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        + url("/news/gold-prices/", "2024-05-10", english)
        + url("/news/women-lead/", "2024-05-10", spanish)
        + url("/es/news/mujeres-al-frente/", "2024-05-10", spanish)
        + url("/news/en/", "2024-05-10", slug_en)
        + url("/es/news/es/", "2024-05-10", slug_en)
        + url("/fr/news/en/", "2024-05-10", slug_en)
        + url("/news/caf%C3%A9-%26-co/", "2024-03-01", encoded)
        + url("/fr/news/caf%C3%A9-fr/", "2024-03-01", encoded)
        + "\n</urlset>\n"
    )
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response.content.decode() == expected
    assert response["Last-Modified"] == http_date(NOON.timestamp())


class ReferenceSitemap(Sitemap):
    """
    The news section as Django's own Sitemap builds it, each address asked
    of ``get_absolute_url()`` under each language: what the fast path must
    reproduce.
    """

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return NewsArticle.objects.published().order_by("pk")

    def get_languages_for_item(self, item):
        return [code for code in language_codes() if is_translated(item, code)]

    def lastmod(self, item):
        return item.updated_at

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        # The site's x-default is the default language's address as it is.
        for entry in urls:
            links = {link["lang_code"]: link for link in entry["alternates"]}
            if "x-default" in links:
                links["x-default"]["location"] = links["en"]["location"]
        return urls


class ReferenceSectionsSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"
    items = SectionsSitemap.items
    location = SectionsSitemap.location


def reference_xml(sitemap: Sitemap) -> str:
    urls = sitemap.get_urls(site=Site.objects.get_current(), protocol="http")
    return render_to_string("sitemap.xml", {"urlset": urls})


@pytest.mark.parametrize(
    ("address", "reference"),
    [
        ("/sitemap-news.xml", ReferenceSitemap),
        ("/sitemap-sections.xml", ReferenceSectionsSitemap),
    ],
)
def test_section_pages_match_djangos_sitemap(client, articles, address, reference):
    assert client.get(address).content.decode() == reference_xml(reference())


def test_lastmod_is_the_day_in_the_time_zone_in_force(client, articles):
    with timezone.override("Pacific/Kiritimati"):  # UTC+14
        xml = client.get("/sitemap-news.xml").content.decode()
        assert xml == reference_xml(ReferenceSitemap())
    assert xml.count("<lastmod>2024-05-11</lastmod>") == 6
    assert xml.count("<lastmod>2024-03-02</lastmod>") == 2


class AwkwardSitemap(LanguagesSitemap):
    """Addresses that XML must escape, with every optional element."""

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["search", "home"]

    def location(self, item):
        path = reverse(item)
        return f"{path}?q=<gold>&amp;'\"" if item == "search" else path

    def lastmod(self, item):
        return LATE if item == "search" else None


def test_written_elements_are_what_djangos_template_renders():
    urls = AwkwardSitemap().get_urls(site=Site(domain="a&b.example"), protocol="https")
    ours = render_to_string("sitemaps/sitemap.xml", {"urlset": urls})
    assert ours == render_to_string("sitemap.xml", {"urlset": urls})
    assert (
        "<loc>https://a&amp;b.example/search/?q=&lt;gold&gt;&amp;amp;&#x27;&quot;"
        in ours
    )
    assert "<changefreq>weekly</changefreq><priority>0.8</priority>" in ours
    assert ours.count("<lastmod>2024-03-01</lastmod>") == len(language_codes())
    assert [url["lang_code"] for url in urls[0]["alternates"]] == [
        *language_codes(),
        "x-default",
    ]


def test_empty_page_is_an_empty_urlset(one_page):
    urls = NewsArticleSitemap().get_urls(site=Site(domain="x"), protocol="http")
    assert urls == []
    ours = render_to_string("sitemaps/sitemap.xml", {"urlset": urls})
    assert ours == render_to_string("sitemap.xml", {"urlset": urls})


def test_every_section_writes_its_own_xml():
    """The light template prints each url's "xml"; a plain Django Sitemap
    has none, and its section would come out empty."""
    for sitemap in armcms.urls.sitemaps.values():
        assert issubclass(sitemap, LanguagesSitemap), sitemap


def test_section_view_renders_the_light_template(client, articles):
    response = client.get("/sitemap-news.xml")
    assert [template.name for template in response.templates] == [
        "sitemaps/sitemap.xml"
    ]

"""Every public URL, what it shows, and what it hides."""

import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from armcms.operations import demo_content as demo
from tests.armcms.factories import library_image
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=io.StringIO())


PUBLIC_URLS = [
    "/",
    "/news/",
    "/press/",
    "/publications/",
    "/impact/",
    "/search/",
    "/search/?q=gold",
    "/feeds/news/",
    "/feeds/news/atom/",
    "/feeds/press/",
    "/feeds/press/atom/",
    "/feeds/publications/",
    "/feeds/publications/atom/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_urls_answer(client, seeded, url):
    assert client.get(url).status_code == 200


def test_every_seeded_item_has_a_page_with_one_h1(client, seeded):
    from news.models import NewsArticle, PressRelease
    from publications.models import Publication

    for model in (NewsArticle, PressRelease, Publication):
        for item in model.objects.all():
            response = client.get(item.get_absolute_url())
            assert response.status_code == 200, item.slug
            assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize(
    ("url", "target"),
    [("/favicon.ico", "img/favicon.ico"), ("/apple-touch-icon.png", "apple-touch")],
)
def test_icons_redirect_to_static_files(client, url, target):
    response = client.get(url)
    assert response.status_code == 301
    assert target in response.url


def test_pages_carry_title_description_canonical_and_sharing_tags(client):
    article = NewsArticleFactory(
        title="Gold from Yani",
        seo_description="How the Yani cooperative got certified.",
        lead_image=library_image(),
        lead_image_alt="Miners at Yani",
    )
    html = unescape(client.get(article.get_absolute_url()).content.decode())
    url = f"http://testserver{article.get_absolute_url()}"
    assert "<title>Gold from Yani · " in html
    assert (
        'name="description" content="How the Yani cooperative got certified."' in html
    )
    assert f'rel="canonical" href="{url}"' in html
    assert f'property="og:url" content="{url}"' in html
    assert 'property="og:title" content="Gold from Yani"' in html
    assert 'property="og:image" content="http://testserver/media/renditions/' in html
    assert re.search(r'og:image" content="[^"]+-share-800\.jpg"', html)
    assert 'name="twitter:card" content="summary_large_image"' in html
    assert 'rel="icon"' in html
    assert 'rel="alternate" type="application/rss+xml"' in html


def test_list_canonical_drops_filters_and_keeps_the_page(client):
    NewsArticleFactory.create_batch(13)
    html = client.get("/news/?page=2&year=2020").content.decode()
    assert 'rel="canonical" href="http://testserver/news/?page=2"' in html


def test_detail_page_has_plain_share_links_and_no_script(client):
    article = NewsArticleFactory(title="Share me")
    html = client.get(article.get_absolute_url()).content.decode()
    for host in [
        "mailto:?subject=Share%20me",
        "https://www.linkedin.com/sharing/share-offsite/?url=http%3A%2F%2Ftestserver",
        "https://www.facebook.com/sharer/sharer.php?u=",
        "https://x.com/intent/post?url=",
        "https://wa.me/?text=",
    ]:
        assert host in html
    assert "<script" not in html


def test_related_items_share_topics_and_are_published(client):
    from tests.armcms.factories import TopicFactory

    gender, mercury = TopicFactory(name="Gender"), TopicFactory(name="Mercury")
    article = NewsArticleFactory(topics=[gender, mercury])
    both = NewsArticleFactory(title="Shares both topics", topics=[gender, mercury])
    one = NewsArticleFactory(title="Shares one topic", topics=[mercury])
    NewsArticleFactory(title="Draft on gender", draft=True, topics=[gender])
    NewsArticleFactory(title="Unrelated")
    related = client.get(article.get_absolute_url()).context["related_items"]
    assert list(related) == [both, one]


def test_drafts_and_scheduled_items_appear_nowhere_public(client):
    visible = NewsArticleFactory(title="Visible tantalum news")
    hidden = [
        NewsArticleFactory(title="Draft tantalum news", draft=True),
        PressReleaseFactory(title="Scheduled tantalum release", scheduled=True),
        PublicationFactory(title="Expired tantalum report", expired=True),
    ]
    pages = [
        "/",
        "/news/",
        "/press/",
        "/publications/",
        "/search/?q=tantalum",
        "/feeds/news/",
        "/feeds/press/",
        "/feeds/publications/",
        "/sitemap-news.xml",
        "/sitemap-press.xml",
        "/sitemap-publications.xml",
        visible.get_absolute_url(),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        for item in hidden:
            assert item.title not in html, (url, item.title)
            assert item.get_absolute_url() not in html, (url, item.title)
    assert "Visible tantalum news" in client.get("/search/?q=tantalum").content.decode()


def test_not_found_page_is_in_the_site_look(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "site-header" in html


def test_server_error_page_renders_without_a_database():
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert 'href="/static/css/site.css"' in html


def test_robots_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_the_french_site_is_in_french(client, seeded):
    home = client.get("/fr/").content.decode()
    assert '<html lang="fr">' in home
    assert "Alliance pour une mine responsable" in home
    assert demo.IDENTITY["name"] not in home
    for item in demo.NEWS:
        assert unescape(item["title"]) not in unescape(home)
    assert "Au Pérou, les pallaqueras reçoivent des paniers alimentaires" in home
    assert "Nous travaillons aux côtés des mineurs artisanaux" in home
    assert ">Qui sommes-nous</a>" in home  # the main menu
    assert "L'Alliance" in unescape(home)  # the footer
    assert '<span class="figure__number">1\xa0530\xa0000</span>' in home
    main = re.search(r"<main.*?</main>", home, re.S).group()
    assert ' lang="en"' not in main  # nothing falls back to English

    listing = client.get("/fr/news/").content.decode()
    assert "Le MIT et ARM unissent leurs forces" in unescape(listing)
    assert "MIT and ARM join forces" not in listing

    detail = client.get(
        "/fr/news/au-perou-les-pallaqueras-recoivent-des-paniers-alimentaires/"
    )
    assert detail.status_code == 200
    html = unescape(detail.content.decode())
    assert "<h1>Au Pérou, les pallaqueras reçoivent des paniers alimentaires</h1>" in (
        html
    )
    assert "Quarante-deux d'entre elles font partie de MACDESA" in html
    assert "translation-notice" not in html
    assert ">Genre</a>" in html and ">Pérou</a>" in html  # topic and country

    about = unescape(client.get("/fr/qui-sommes-nous/").content.decode())
    assert "<h1>Qui sommes-nous</h1>" in about
    for heading in (
        "Notre impact en chiffres",
        "Publications phares",
        "Travailler avec nous",
    ):
        assert heading in about
    assert "organisations certifiées" in about
    assert "Écrire à l'équipe" in about
    assert "Our impact in figures" not in about

    contact = unescape(client.get("/fr/contact/").content.decode())
    assert "À qui écrire" in contact
    assert "Presse et médias" in contact

"""
The site in English, Spanish and French: addresses per language, the
language switcher, fallbacks to English, per-language feeds, sitemap,
search, formats and cache.
"""

import re
from datetime import datetime
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from news.models import NewsArticle
from tests.armcms.admin_helpers import article_form
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated():
    """A news item in English and Spanish (not French)."""
    return NewsArticleFactory(
        title="Women lead the Yani cooperative",
        title_es="Las mujeres lideran la cooperativa Yani",
        summary="Seven women run the mine.",
        summary_es="Siete mujeres dirigen la mina.",
        body="<p>The cooperative elected its board.</p>",
        body_es="<p>La cooperativa eligió a su junta directiva.</p>",
    )


@pytest.fixture
def untranslated():
    return NewsArticleFactory(
        title="Mercury-free processing in Peru",
        body="<p>Gravity tables replace mercury.</p>",
    )


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def switcher_links(response) -> dict[str, str]:
    nav = re.search(
        r'<nav class="language-switcher".*?</nav>', response.content.decode(), re.S
    ).group()
    return {
        code: unescape(url)
        for url, code in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav)
    }


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("/", "en"),
        ("/es/", "es"),
        ("/fr/", "fr"),
        ("/news/", "en"),
        ("/es/news/", "es"),
    ],
)
def test_each_language_has_its_own_addresses(client, path, language):
    response = client.get(path)
    assert response.status_code == 200
    assert html_lang(response) == language
    assert response["Content-Language"] == language


def test_the_default_language_has_no_prefix_and_others_no_fallback(client):
    assert client.get("/en/").status_code == 404
    assert client.get("/de/news/").status_code == 404


def test_the_browser_language_neither_redirects_nor_changes_a_page(client):
    response = client.get("/", headers={"accept-language": "es-CO,es;q=0.9"})
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert "Accept-Language" not in response.get("Vary", "")
    spanish = client.get("/es/news/", headers={"accept-language": "fr"})
    assert html_lang(spanish) == "es"


def test_the_back_office_follows_the_browser_language(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/", headers={"accept-language": "es"})
    assert html_lang(response) == "es"
    assert "Accept-Language" in response["Vary"]


def test_each_language_has_its_own_slug(translated):
    assert translated.slug_en == "women-lead-the-yani-cooperative"
    assert translated.slug_es == "las-mujeres-lideran-la-cooperativa-yani"
    assert translated.slug_fr is None
    with translation.override("es"):
        assert translated.get_absolute_url() == (
            "/es/news/las-mujeres-lideran-la-cooperativa-yani/"
        )
    with translation.override("fr"):  # French falls back to the English slug
        assert translated.get_absolute_url() == (
            "/fr/news/women-lead-the-yani-cooperative/"
        )


def test_slugs_are_unique_within_a_language():
    first = NewsArticleFactory(title="Gold", title_es="Oro")
    second = NewsArticleFactory(title="Gold prices", title_es="Oro")
    assert (first.slug_es, second.slug_es) == ("oro", "oro-2")


def test_the_switcher_leads_to_the_same_item_in_each_language(client, translated):
    english = client.get(translated.get_absolute_url())
    links = switcher_links(english)
    assert set(links) == {"es", "fr"}
    spanish = client.get(links["es"])
    assert spanish.status_code == 200
    assert spanish.context["object"] == translated
    assert "Las mujeres lideran la cooperativa Yani" in spanish.content.decode()
    back = switcher_links(spanish)
    assert back["en"] == translated.get_absolute_url()
    french = client.get(back["fr"])
    assert french.context["object"] == translated
    assert html_lang(french) == "fr"


def test_the_switcher_keeps_a_list_page_and_its_filters(client):
    links = switcher_links(client.get("/news/?year=2026&page=1"))
    assert links["es"] == "/es/news/?year=2026&page=1"


def test_a_slug_of_another_language_redirects_to_this_languages_address(
    client, translated
):
    response = client.get(f"/es/news/{translated.slug_en}/?utm_source=mail")
    assert response.status_code == 301
    assert response["Location"] == (f"/es/news/{translated.slug_es}/?utm_source=mail")
    response = client.get(f"/news/{translated.slug_es}/")
    assert response.status_code == 301
    assert response["Location"] == f"/news/{translated.slug_en}/"
    assert client.get("/es/news/no-such-item/").status_code == 404


def test_an_untranslated_item_falls_back_to_english_marked_as_such(
    client, translated, untranslated
):
    listing = client.get("/es/news/").content.decode()
    assert listing.count("Mercury-free processing in Peru") == 1
    assert listing.count("Las mujeres lideran la cooperativa Yani") == 1
    assert "Women lead the Yani cooperative" not in listing
    cards = re.findall(r'<article class="card"([^>]*)>', listing)
    assert sorted(cards) == ["", ' lang="en"']

    page = client.get(f"/es/news/{untranslated.slug_en}/")
    html = page.content.decode()
    assert html_lang(page) == "es"
    assert '<h1 lang="en">Mercury-free processing in Peru</h1>' in html
    assert '<div class="prose" lang="en">' in html


def translation_notice(html: str) -> str | None:
    notices = re.findall(r'<p class="translation-notice"[^>]*>.*?</p>', html, re.S)
    assert len(notices) <= 1
    return notices[0] if notices else None


def language_name(code: str, page_language: str) -> str:
    """The language's name as Django's catalogues give it in ``page_language``."""
    with translation.override(page_language):
        return str(translation.get_language_info(code)["name_translated"]).lower()


@pytest.mark.parametrize("language", ["es", "fr"])
def test_an_untranslated_item_says_it_is_shown_in_english(
    client, untranslated, language
):
    with translation.override(language):
        url = untranslated.get_absolute_url()
    html = client.get(url).content.decode()
    notice = translation_notice(html)
    assert notice is not None
    assert notice.startswith(f'<p class="translation-notice" lang="{language}">')
    # The languages named in the page's language, as a sentence writes them.
    assert language_name(language, language) in notice
    assert language_name("en", language) in notice
    assert html.index(notice) < html.index('<h1 lang="en">')
    assert '<div class="prose" lang="en">' in html


def test_a_translated_item_has_no_translation_notice(client, translated):
    html = client.get(f"/es/news/{translated.slug_es}/").content.decode()
    assert translation_notice(html) is None
    assert (
        translation_notice(client.get(translated.get_absolute_url()).content.decode())
        is None
    )
    with translation.override("fr"):  # not translated into French
        french = client.get(translated.get_absolute_url()).content.decode()
    assert translation_notice(french) is not None


def test_a_translated_item_has_no_lang_override(client, translated):
    html = client.get(f"/es/news/{translated.slug_es}/").content.decode()
    assert "<h1>Las mujeres lideran la cooperativa Yani</h1>" in html
    assert '<div class="prose"><p>La cooperativa eligió' in html


def test_pages_name_their_translations_for_search_engines(client, translated):
    html = client.get(translated.get_absolute_url()).content.decode()
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    )
    assert alternates == {
        "en": f"http://testserver/news/{translated.slug_en}/",
        "es": f"http://testserver/es/news/{translated.slug_es}/",
        "x-default": f"http://testserver/news/{translated.slug_en}/",
    }


def test_each_language_has_its_own_feed(client, translated, untranslated):
    feed = feedparser.parse(client.get("/es/feeds/news/").content)
    assert not feed.bozo
    assert feed.feed.language == "es"
    titles = {entry.title: entry.link for entry in feed.entries}
    assert titles == {
        "Las mujeres lideran la cooperativa Yani": (
            f"http://testserver/es/news/{translated.slug_es}/"
        ),
        "Mercury-free processing in Peru": (
            f"http://testserver/es/news/{untranslated.slug_en}/"
        ),
    }
    english = feedparser.parse(client.get("/feeds/news/").content)
    assert english.feed.language == "en"
    assert "Women lead the Yani cooperative" in {e.title for e in english.entries}


def test_the_sitemap_lists_each_translation_with_its_alternates(
    client, translated, untranslated
):
    xml = client.get("/sitemap-news.xml").content.decode()
    entries = re.findall(r"<url>(.*?)</url>", xml, re.S)
    locations = [re.search(r"<loc>(.*?)</loc>", entry).group(1) for entry in entries]
    assert f"http://testserver/es/news/{translated.slug_es}/" in locations
    assert f"http://testserver/news/{translated.slug_en}/" in locations
    # Not translated: listed once, in English, and never under /es/ or /fr/.
    assert f"http://testserver/news/{untranslated.slug_en}/" in locations
    assert not any(untranslated.slug_en in url for url in locations if "/es/" in url)
    spanish = entries[
        locations.index(f"http://testserver/es/news/{translated.slug_es}/")
    ]
    assert re.findall(r'hreflang="([^"]+)"', spanish) == ["en", "es", "x-default"]


def test_search_finds_spanish_text_on_the_spanish_site(
    client, translated, untranslated
):
    spanish = client.get("/es/search/", {"q": "junta"})
    assert [r["item"] for r in spanish.context["results"]] == [translated]
    # An item not translated is found by its English words there too.
    english_words = client.get("/es/search/", {"q": "gravity"})
    assert [r["item"] for r in english_words.context["results"]] == [untranslated]
    # The English site searches the English text.
    assert client.get("/search/", {"q": "junta"}).context["results"] == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stemming is PostgreSQL's full-text search; SQLite matches words",
)
def test_spanish_search_matches_stemmed_spanish_words(client):
    item = NewsArticleFactory(
        title="Quarterly notes",
        body="<p>Notes.</p>",
        title_es="Notas trimestrales",
        body_es="<p>Las cooperativas mineras organizaron capacitaciones.</p>",
    )
    NewsArticleFactory(title="Gold prices", body="<p>Markets.</p>")
    # Only the stemmed forms match: "cooperativa" the body's "cooperativas",
    # "capacitación minera" its "capacitaciones mineras".
    for query in ["cooperativa", "capacitación minera"]:
        results = client.get("/es/search/", {"q": query}).context["results"]
        assert [r["item"] for r in results] == [item], query
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector_es::text, search_vector_en::text "
            "FROM news_newsarticle WHERE id = %s",
            [item.pk],
        )
        spanish, english = cursor.fetchone()
    assert "'capacit':" in spanish  # Spanish stemming
    assert "'capacit" not in english  # the English text has no such word
    assert client.get("/search/", {"q": "capacitación"}).context["results"] == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="websearch syntax is PostgreSQL's full-text search",
)
def test_spanish_search_excludes_words_as_spanish_stems_them(client):
    cooperative = NewsArticleFactory(
        title="Women miners",
        title_es="Mujeres mineras",
        body_es="<p>Las mujeres fundaron una cooperativa.</p>",
    )
    other = NewsArticleFactory(
        title="Women traders",
        title_es="Mujeres comerciantes",
        body_es="<p>Las mujeres venden oro.</p>",
    )
    results = client.get("/es/search/", {"q": "mujeres -cooperativas"})
    assert [r["item"] for r in results.context["results"]] == [other]
    assert cooperative.pk


def test_figures_and_dates_are_written_the_way_each_language_writes_them(client):
    ImpactMetricFactory(value=Decimal("1530000"), unit="USD", label="Premium paid")
    NewsArticleFactory(
        title="A dated item",
        published_at=datetime(2020, 5, 11, 9, tzinfo=ZoneInfo("America/Bogota")),
    )
    assert "1,530,000 USD" in client.get("/impact/").content.decode()
    assert "1.530.000 USD" in client.get("/es/impact/").content.decode()
    assert "1\xa0530\xa0000 USD" in client.get("/fr/impact/").content.decode()
    # One date format per language, the day first, the month in full.
    assert "11 May 2020" in client.get("/news/").content.decode()
    assert "11 de mayo de 2020" in client.get("/es/news/").content.decode()
    assert "11 mai 2020" in client.get("/fr/news/").content.decode()


def test_impact_labels_translate_and_fall_back(client):
    ImpactMetricFactory(label="countries", label_es="países", context="Where we work.")
    html = client.get("/es/").content.decode()
    assert '<p class="figure__label">países</p>' in html
    assert '<p class="figure__context" lang="en">Where we work.</p>' in html


def test_each_language_is_cached_apart_and_refreshed_on_save(
    client, translated, django_capture_on_commit_callbacks
):
    url = f"/es/news/{translated.slug_es}/"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    english = client.get(translated.get_absolute_url())
    assert english["X-Page-Cache"] == "miss"
    assert "Women lead" in english.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        translated.summary_es = "Ocho mujeres dirigen la mina."
        translated.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Ocho mujeres" in response.content.decode()


def test_a_translation_edited_before_its_original_changed_is_out_of_date(time_machine):
    time_machine.move_to("2026-01-01 09:00Z")
    item = PublicationFactory(title="Gold report")
    time_machine.move_to("2026-02-01 09:00Z")
    item.title_es = "Informe sobre el oro"
    item.save()
    assert item.translated_at_es > item.translated_at_en
    time_machine.move_to("2026-03-01 09:00Z")
    item.refresh_from_db()
    item.save()  # nothing changed: no language is touched
    assert item.translated_at_en.month == 1
    item.summary = "A new summary in English."
    item.save()
    item.refresh_from_db()
    assert item.translated_at_en > item.translated_at_es
    assert item.translated_at_fr is None


def test_filters_keep_their_keys_in_every_language(client):
    from tests.armcms.factories import TopicFactory

    gender = TopicFactory(name="Gender", name_es="Género")
    NewsArticleFactory(title="Women in mining", topics=[gender])
    NewsArticleFactory(title="Gold prices")
    response = client.get("/es/news/", {"topic": "gender"})
    html = response.content.decode()
    assert "Women in mining" in html
    assert "Gold prices" not in html
    assert '<option value="gender" selected>Género</option>' in html
    assert switcher_links(response)["en"] == "/news/?topic=gender"


def test_the_sitemaps_default_address_keeps_every_segment(client):
    NewsArticleFactory(title="EN", title_es="ES")
    xml = client.get("/sitemap-news.xml").content.decode()
    assert (
        '<xhtml:link rel="alternate" hreflang="x-default" '
        'href="http://testserver/news/en/"/>'
    ) in xml


def test_error_pages_speak_the_address_language(client):
    from django.template.loader import render_to_string

    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    assert html_lang(response) == "es"
    assert switcher_links(response)["en"] == "/"
    with translation.override("es"):
        html = render_to_string("500.html")
    assert '<html lang="es">' in html


# Each item's address in every language, and how its pages describe it.

LANGUAGES = ["en", "es", "fr"]


def address_in(item, language: str) -> str:
    with translation.override(language):
        return item.get_absolute_url()


@pytest.fixture
def uncached(settings):
    """Pages built afresh, so the response names the item it shows."""
    settings.PAGE_CACHE_SECONDS = 0


def shown_item(client, url: str):
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return response.context["object"]


def test_an_editor_cannot_give_one_address_to_two_items(admin_client):
    """
    Whatever the back office accepts, each item's address in each language
    leads to that item, never to another that has the same slug in another
    language.
    """
    english_only = NewsArticleFactory(title="Gold prices", slug="gold-prices")
    admin_client.post(
        reverse("admin:news_newsarticle_add"),
        article_form(
            title_en="Miners in Bolivia",
            title_es="Gold prices",
            slug_es="gold-prices",
        ),
    )

    for item in NewsArticle.objects.all():
        for language in LANGUAGES:
            url = address_in(item, language)
            assert shown_item(admin_client, url) == item, (item.title_en, url)
    assert english_only.pk in NewsArticle.objects.values_list("pk", flat=True)


def test_slugs_made_from_titles_never_take_another_items_address(client, uncached):
    """A Spanish title equal to another item's English one (names, acronyms)."""
    bolivia = NewsArticleFactory(
        title="Miners in Bolivia", title_es="Fairmined gold in Bolivia"
    )
    gold = NewsArticleFactory(title="Fairmined gold in Bolivia")

    for item in (bolivia, gold):
        for language in LANGUAGES:
            url = address_in(item, language)
            assert shown_item(client, url) == item, (item.title_en, url)


def test_the_switcher_never_leads_to_another_item(client, uncached):
    NewsArticleFactory(title="Alpha", title_es="Beta")
    beta = NewsArticleFactory(title="Beta")

    html = client.get(beta.get_absolute_url()).content.decode()
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group()
    links = {
        code: unescape(url)
        for url, code in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav)
    }

    assert shown_item(client, links["es"]) == beta


# The text each language describes an item with.


@pytest.fixture
def described():
    """Translated into Spanish, but for the SEO description (written in English)."""
    return NewsArticleFactory(
        title="Women lead the Yani cooperative",
        title_es="Las mujeres lideran la cooperativa Yani",
        summary="Seven women run the mine.",
        summary_es="Siete mujeres dirigen la mina.",
        seo_description="Seven women run a Fairmined mine in Bolivia.",
    )


def test_a_translated_page_describes_itself_in_its_language(client, described):
    html = client.get(address_in(described, "es")).content.decode()

    description = re.search(r'<meta name="description" content="([^"]*)"', html)
    assert unescape(description.group(1)) == "Siete mujeres dirigen la mina."


def test_a_translated_feed_item_is_described_in_its_language(client, described):
    feed = client.get("/es/feeds/news/").content.decode()

    assert "Siete mujeres dirigen la mina." in feed
    assert "Seven women run a Fairmined mine" not in feed


# Previews.


def test_a_drafts_redirect_to_its_spanish_address_is_never_cached(admin_client):
    draft = NewsArticleFactory(
        title="Women lead", title_es="Las mujeres lideran", draft=True
    )

    response = admin_client.get(f"/es/news/{draft.slug_en}/")

    assert response.status_code in (301, 302)
    assert response["Location"] == "/es/news/las-mujeres-lideran/"
    assert "no-store" in response.get("Cache-Control", "")
    assert response.get("X-Robots-Tag") == "noindex, nofollow"

"""
Edge cases of the multilingual site: the back office's forms and history with
translated fields, each item's address in every language, and the text each
language's pages describe an item with.
"""

import json
import re
from html import unescape
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from news.models import NewsArticle
from publications.models import Publication
from tests.armcms.admin_helpers import article_form, form_data
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db

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


# The back office.


def test_a_cover_image_without_alt_text_is_a_form_error_not_a_crash(
    admin_client, png_upload
):
    add = reverse("admin:publications_publication_add")
    page = admin_client.get(add)
    data = form_data(
        page,
        title_en="Working conditions in artisanal mining",
        published_at_0="2024-05-01",
        published_at_1="10:00:00",
        status="draft",
    )
    data["cover_image"] = png_upload
    admin_client.raise_request_exception = False

    response = admin_client.post(add, data)

    assert response.status_code == 200
    assert "cover_image_alt_en" in response.context["adminform"].form.errors
    assert not Publication.objects.exists()


def test_reverting_to_a_version_saved_before_translation_keeps_the_english_text(
    admin_client,
):
    """
    Versions saved before the fields were translated name only ``title``,
    ``body``...: their text is English, whatever language the back office
    is shown in.
    """
    article = NewsArticleFactory(title="Old title", body="<p>Old body</p>")
    change = reverse("admin:news_newsarticle_change", args=[article.pk])
    admin_client.post(change, form_data(admin_client.get(change), title_en="New title"))
    version = Version.objects.get_for_object(article).get()
    data = json.loads(version.serialized_data)
    fields = data[0]["fields"]
    for name in list(fields):
        if name[-3:] in ("_en", "_es", "_fr") or name == "translated_at":
            del fields[name]
    fields.update(title="Old title", body="<p>Old body</p>", slug="old-title")
    version.serialized_data = json.dumps(data)
    version.save()
    # What the migration does to the versions saved before translation.
    migration = import_module("news.migrations.0007_versions_per_language")
    migration.Migration.operations[0].code(apps, None)
    revision = reverse("admin:news_newsarticle_revision", args=[article.pk, version.pk])

    page = admin_client.get(revision, HTTP_ACCEPT_LANGUAGE="es")

    form = page.context["adminform"].form
    assert form["title_en"].value() == "Old title"
    assert form["body_en"].value() == "<p>Old body</p>"
    assert not form["title_es"].value()
    assert not form["body_es"].value()


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

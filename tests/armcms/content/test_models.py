from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from armcms.content.models import Country, HomePage, Topic
from news.models import NewsArticle
from tests.armcms.factories import library_image
from tests.conftest import image_bytes
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    return {
        "past": NewsArticleFactory(),
        "draft": NewsArticleFactory(draft=True),
        "future": NewsArticleFactory(scheduled=True),
        "expired": NewsArticleFactory(expired=True),
        "expiring_later": NewsArticleFactory(
            expires_at=timezone.now() + timedelta(days=3)
        ),
    }


def test_published_keeps_only_past_published_unexpired_items(items):
    assert set(NewsArticle.objects.published()) == {
        items["past"],
        items["expiring_later"],
    }


def test_drafts_and_scheduled(items):
    assert list(NewsArticle.objects.drafts()) == [items["draft"]]
    assert list(NewsArticle.objects.scheduled()) == [items["future"]]


@pytest.mark.parametrize(
    ("state", "live"),
    [
        ("past", True),
        ("draft", False),
        ("future", False),
        ("expired", False),
        ("expiring_later", True),
    ],
)
def test_is_live_mirrors_published(items, state, live):
    assert items[state].is_live() is live


def test_visible_to_shows_staff_everything_and_others_published(
    items, django_user_model
):
    staff = django_user_model(username="editor", is_staff=True)
    assert NewsArticle.objects.visible_to(staff).count() == len(items)
    assert set(NewsArticle.objects.visible_to(AnonymousUser())) == set(
        NewsArticle.objects.published()
    )


def test_featured_first_orders_featured_then_newest():
    older_featured = NewsArticleFactory(
        is_featured=True, published_at=timezone.now() - timedelta(days=5)
    )
    newest = NewsArticleFactory()
    older = NewsArticleFactory(published_at=timezone.now() - timedelta(days=2))
    assert list(NewsArticle.objects.published().featured_first()) == [
        older_featured,
        newest,
        older,
    ]


def test_slug_is_derived_from_title():
    article = NewsArticleFactory(title="Pallaqueras in Perú: food baskets!")
    assert article.slug == "pallaqueras-in-peru-food-baskets"


def test_slugs_stay_unique_for_equal_titles():
    slugs = [NewsArticleFactory(title="Same title").slug for _ in range(3)]
    assert slugs == ["same-title", "same-title-2", "same-title-3"]


def test_long_title_gives_slug_within_max_length():
    title = ("word " * 50).strip()
    first, second = NewsArticleFactory(title=title), NewsArticleFactory(title=title)
    assert len(first.slug) <= 120
    assert len(second.slug) <= 120
    assert second.slug.endswith("-2")
    assert first.slug != second.slug


def test_title_without_latin_letters_still_gets_a_slug():
    assert NewsArticleFactory(title="¡¿…?!").slug == "newsarticle"


def test_an_edited_slug_is_kept():
    article = NewsArticleFactory(title="A title", slug="my-own-slug")
    article.title = "Another title"
    article.save()
    assert article.slug == "my-own-slug"


def test_full_clean_refuses_a_slug_already_taken():
    NewsArticleFactory(slug="taken")
    article = NewsArticleFactory.build(slug="taken")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "slug" in error.value.message_dict


def test_clean_fills_an_empty_slug():
    article = NewsArticleFactory.build(title="Fresh news", slug="")
    article.full_clean()
    assert article.slug == "fresh-news"


def test_alt_text_is_required_when_there_is_an_image(media_root):
    from django.core.files.base import ContentFile

    article = NewsArticleFactory.build()
    image = library_image("photo.png", ContentFile(image_bytes()), alt_en="")
    article.lead_image = image
    article.lead_image_alt = "   "
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "lead_image_alt_en" in error.value.message_dict

    article.lead_image_alt = "Miners sorting ore by hand"
    article.full_clean()
    # Or the image's own, from the library.
    article.lead_image_alt = ""
    image.alt_en = "Miners at a river"
    image.save()
    article.full_clean()


def test_alt_text_is_optional_without_an_image():
    NewsArticleFactory.build(lead_image_alt="").full_clean()


def test_expiry_must_follow_publication():
    article = NewsArticleFactory.build()
    article.expires_at = article.published_at - timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "expires_at" in error.value.message_dict


def test_body_is_sanitised_on_save():
    article = NewsArticleFactory(
        body='<p onclick="steal()">Hi <script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a></p>'
    )
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript" not in article.body
    assert article.body.startswith("<p>Hi")


def test_taxonomy_slugs_and_country_code():
    topic = Topic.objects.create(name="Responsible supply chains")
    assert topic.slug == "responsible-supply-chains"
    country = Country(name="Perú", code="pe")
    country.full_clean()
    country.save()
    assert (country.slug, country.code) == ("peru", "PE")


def test_country_codes_clash_whatever_their_case():
    Country.objects.create(name="Colombia", code="CO")
    with pytest.raises(ValidationError) as error:
        Country(name="Colombie", code="co").full_clean()
    assert "code" in error.value.message_dict


def test_country_code_must_be_two_letters():
    with pytest.raises(ValidationError) as error:
        Country(name="Nowhere", code="1X").full_clean()
    assert "code" in error.value.message_dict


def test_homepage_load_gives_defaults_before_any_save():
    homepage = HomePage.load()
    assert homepage.news_count == 5
    assert not HomePage.objects.exists()


def test_homepage_is_a_single_row():
    HomePage(intro="first").save()
    HomePage(pk=7, intro="second").save()
    assert HomePage.objects.count() == 1
    assert HomePage.load().intro == "second"


def statements_on(queries, table: str) -> list[str]:
    """The kind of each statement that reads or writes ``table``."""
    return [
        query["sql"].split()[0]
        for query in queries.captured_queries
        if f'"{table}"' in query["sql"].split(" WHERE ")[0]
    ]


def test_a_save_reads_the_stored_row_once():
    """What a save compares (the translations' text, the slugs it redirects
    from) comes from one read of the stored row."""
    item = NewsArticleFactory(title="First title", slug="first-title")
    item.refresh_from_db()
    item.title, item.slug = "Second title", "second-title"
    with CaptureQueriesContext(connection) as queries:
        item.save()
    # The row, then on PostgreSQL its search vectors.
    updates = 2 if connection.vendor == "postgresql" else 1
    assert (
        statements_on(queries, "news_newsarticle") == ["SELECT"] + ["UPDATE"] * updates
    )
    assert Redirect.objects.get(old_path="/news/first-title/").new_path == (
        "/news/second-title/"
    )


def test_an_empty_translation_of_rich_text_is_stored_as_null():
    item = NewsArticleFactory(body="<p>Only in English.</p>")
    item.body_es = "<p>&nbsp;</p>"  # what the editor sends for an empty field
    item.save()
    stored = NewsArticle.objects.values("body_en", "body_es", "body_fr").get()
    assert stored == {
        "body_en": "<p>Only in English.</p>",
        "body_es": None,
        "body_fr": None,
    }

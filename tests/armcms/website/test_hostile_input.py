"""Input that once broke pages: odd dates, control characters, odd PDFs."""

from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import ResolverMatch, resolve, reverse

from armcms.content.locale import alternates
from news.models import NewsArticle
from tests import FIXTURES
from tests.armcms.factories import TopicFactory, with_pdf
from tests.news.factories import NewsArticleFactory
from tests.publications.factories import PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["published_at", "expires_at"])
@pytest.mark.parametrize("year", [1, 1899, 2201, 9999])
def test_dates_out_of_range_are_refused(field, year):
    article = NewsArticleFactory.build(
        **{field: datetime(year, 12, 31, 12, tzinfo=ZoneInfo("UTC"))}
    )
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert field in error.value.message_dict


def test_a_far_future_expiry_is_a_form_error(admin_client):
    response = admin_client.post(
        reverse("admin:news_newsarticle_add"),
        {
            "title": "Never expires",
            "slug": "",
            "summary": "",
            "body": "",
            "status": "published",
            "published_at_0": "2024-01-01",
            "published_at_1": "10:00:00",
            "expires_at_0": "9999-12-31",
            "expires_at_1": "23:00:00",
            "lead_image_alt": "",
            "seo_description": "",
        },
    )
    assert response.status_code == 200
    assert "expires_at" in response.context["adminform"].form.errors
    assert not NewsArticle.objects.exists()


def test_control_characters_are_dropped_and_feeds_stay_valid(client):
    article = NewsArticleFactory(
        title="Control\x0bchar", summary="Pasted\x0c from\x00 Word\ud800"
    )
    article.refresh_from_db()
    assert (article.title, article.summary) == ("Controlchar", "Pasted from Word")
    for url in ["/feeds/news/", "/feeds/news/atom/", "/sitemap.xml"]:
        response = client.get(url)
        assert response.status_code == 200
    feed = feedparser.parse(client.get("/feeds/news/atom/").content)
    assert not feed.bozo
    assert feed.entries[0].title == "Controlchar"
    assert feed.feed.author == "Alliance for Responsible Mining"


def test_a_pdf_whose_text_is_garbled_is_kept(client):
    publication = PublicationFactory(title="Garbled text")
    with_pdf(
        publication,
        "garbled.pdf",
        ContentFile((FIXTURES / "surrogate-text.pdf").read_bytes()),
    )
    publication.refresh_from_db()
    assert publication.pdf.file.name.endswith("garbled.pdf")
    assert publication.pdf_info["pages"] == 1
    assert "\ud800" not in publication.pdf_text
    assert client.get(publication.get_absolute_url()).status_code == 200


def test_a_huge_body_is_saved_and_searchable(client):
    words = " ".join(f"w{n}x{n * 7}" for n in range(250_000))
    article = NewsArticleFactory(title="Statistical annex", body=f"<p>{words}</p>")
    article.refresh_from_db()
    assert len(article.body) > 2_000_000
    response = client.get("/search/", {"q": "annex"})
    assert [r["item"].title for r in response.context["results"]] == [
        "Statistical annex"
    ]


def test_series_filter_offers_only_series_with_published_parts(client):
    published = SeriesFactory(title="Published series")
    PublicationFactory(series=published, part_number=1)
    unpublished = SeriesFactory(title="Unpublished series")
    PublicationFactory(series=unpublished, part_number=1, draft=True)
    html = client.get("/publications/").content.decode()
    assert "Published series" in html
    assert "Unpublished series" not in html


def test_a_filter_value_no_item_has_is_no_form_error(client):
    NewsArticleFactory()
    html = client.get("/news/?year=abc").content.decode()
    assert "errorlist" not in html
    assert 'aria-invalid="true"' not in html
    assert '<p class="empty-result" role="status">' in html


def test_search_drops_nul_characters(client):
    NewsArticleFactory(title="Mercury")
    response = client.get("/search/", {"q": "merc\x00ury"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "\x00" not in html
    assert 'value="mercury"' in html


def test_publications_carry_their_language(client):
    publication = PublicationFactory(language="es")
    html = client.get(publication.get_absolute_url()).content.decode()
    assert '<article class="detail wrap" lang="es">' in html


# Addresses nothing answers, in the back office and on the public site.

UNKNOWN_ADMIN_PATHS = [
    "/admin/nope/",
    "/admin/reversion/",
    "/admin/impact/impactvalue/",
    "/admin/news/nope/",
]


@pytest.mark.parametrize("path", UNKNOWN_ADMIN_PATHS)
def test_unknown_back_office_addresses_are_404_for_staff(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'hreflang="es"' not in html


@pytest.mark.parametrize("path", UNKNOWN_ADMIN_PATHS)
def test_unknown_back_office_addresses_send_visitors_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("path", "lang", "text"),
    [
        ("/no-such-page/", "en", "Page not found"),
        ("/es/no-such-page/", "es", "Página no encontrada"),
        ("/fr/no-such-page/", "fr", "Page introuvable"),
        ("/news/no-such-article/", "en", "Page not found"),
        ("/fr/news/no-such-article/", "fr", "Page introuvable"),
    ],
)
@pytest.mark.parametrize("who", ["visitor", "staff"])
def test_not_found_pages_in_each_language(client, admin_user, path, lang, text, who):
    if who == "staff":
        client.force_login(admin_user)
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert text in html


def test_a_page_that_cannot_be_addressed_again_has_no_alternates(rf):
    request = rf.get("/news/")
    match = resolve("/news/")
    request.resolver_match = ResolverMatch(
        match.func,
        (),
        {"page": "x"},
        url_name=match.url_name,
        namespaces=match.namespaces,
        captured_kwargs={"page": "x"},
    )
    assert alternates(request) == []
    request.resolver_match = match
    assert [link["url"] for link in alternates(request)] == [
        "/news/",
        "/es/news/",
        "/fr/news/",
    ]


# NUL in the back office's filters and searches: PostgreSQL refuses it in
# text, so it must never reach a query; SQLite answers the same way.

NUL_FILTERS = [
    ("news/newsarticle", "status__exact=%00"),
    ("news/newsarticle", "visibility=%00"),
    ("news/newsarticle", "translation=%00"),
    ("news/newsarticle", "topics__id__exact=%00"),
    ("news/newsarticle", "is_featured__exact=%00"),
    ("news/newsarticle", "published_at__year=%00"),
    ("news/newsarticle", "published_at__year=2024&published_at__month=%00"),
    ("news/newsarticle", "title_en=%00"),
    ("news/newsarticle", "slug_es__startswith=a%00b"),
    ("publications/publication", "language=%00"),
    ("publications/publication", "language__exact=%00"),
    ("publications/publication", "kind__exact=es%00"),
    ("publications/publication", "series__id__exact=%00"),
    ("impact/impactmetric", "is_active__exact=%00"),
    ("impact/impactmetric", "label_en=%00"),
    ("armcms/topic", "name_en=%00"),
    ("armcms/country", "code=%00"),
    ("publications/series", "slug=%00"),
    ("auth/user", "username=%00"),
    ("auth/user", "groups__id__exact=%00"),
    ("auth/group", "name=%00"),
    ("redirects/redirect", "old_path=%00"),
]


@pytest.mark.parametrize(("changelist", "query"), NUL_FILTERS)
def test_nul_in_a_filter_is_a_lookup_error(admin_client, changelist, query):
    NewsArticleFactory()
    url = f"/admin/{changelist}/"
    response = admin_client.get(f"{url}?{query}")
    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"


@pytest.mark.parametrize(
    ("changelist", "query"),
    [
        ("news/newsarticle", f"topics__id__in=1,{2**70}"),
        ("news/newsarticle", f"id__in={2**64}"),
        ("news/newsarticle", "pk__range=1,abc"),
        ("news/newsarticle", "published_at__year=9999"),
        ("axes/accessattempt", "attempt_time__year=9999"),
        ("axes/accessattempt", f"attempt_time__year={2**70}"),
        ("auth/user", f"groups={2**64}"),
    ],
)
def test_a_value_no_row_can_hold_is_a_lookup_error(admin_client, changelist, query):
    url = f"/admin/{changelist}/"
    response = admin_client.get(f"{url}?{query}")
    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"


def test_filters_that_can_match_still_filter(admin_client):
    article = NewsArticleFactory(topics=[TopicFactory()])
    NewsArticleFactory(draft=True)
    url = "/admin/news/newsarticle/"
    for query, count in [
        ("status__exact=published", 1),
        (f"topics__id__exact={article.topics.get().pk}", 1),
        (f"id__in={article.pk},{2**31}", 1),
        (f"published_at__year={article.published_at.year}", 2),
        ("visibility=draft", 1),
        ("q=", 2),
    ]:
        response = admin_client.get(f"{url}?{query}")
        assert response.status_code == 200, query
        assert response.context["cl"].result_count == count, query


@pytest.mark.parametrize(
    "changelist",
    [
        "news/newsarticle",
        "publications/publication",
        "impact/impactmetric",
        "armcms/topic",
        "auth/user",
    ],
)
def test_back_office_searches_with_nul_or_huge_terms_are_answered(
    admin_client, changelist
):
    NewsArticleFactory(title="Mercury")
    # Django's search form refuses NUL itself, and says so; a term longer
    # than SQLite's LIKE patterns may be is cut short.
    response = admin_client.get(f"/admin/{changelist}/?q=mer%00cury")
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    response = admin_client.get(f"/admin/{changelist}/?q={'a' * 60_000}")
    assert response.status_code == 200


def test_nul_in_an_autocomplete_term_is_dropped(admin_client):
    mercury = TopicFactory(name="Mercury")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "news",
            "model_name": "newsarticle",
            "field_name": "topics",
            "term": "mer\x00cury",
        },
    )
    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(mercury.pk)]
    long_term = {"app_label": "news", "model_name": "newsarticle"}
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {**long_term, "field_name": "topics", "term": "a" * 60_000},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "title__regex=(",
        "title__iregex=[",
        "body_en__regex=[",
        "pk__regex=(",
        "published_at__year__gt=" + str(2**70),
        "published_at__year=abc",
    ],
)
def test_typed_filters_the_database_would_fail_on_are_refused(admin_client, query):
    NewsArticleFactory()
    response = admin_client.get(f"/admin/news/newsarticle/?{query}")
    assert response.status_code in (302, 400)


@pytest.mark.parametrize(
    "query", ["published_at=2020-01-01", "published_at=x", "expires_at=x", "title_en=x"]
)
def test_add_forms_take_only_the_values_their_fields_can_read(admin_client, query):
    for model in ("news/newsarticle", "news/pressrelease", "publications/publication"):
        response = admin_client.get(f"/admin/{model}/add/?{query}")
        assert response.status_code == 200, (model, query)
    form = (
        admin_client.get(
            "/admin/news/newsarticle/add/?published_at=2020-01-01&title_en=Gold"
        )
        .context["adminform"]
        .form
    )
    assert form.initial["published_at"].year == 2020
    assert form.initial["title_en"] == "Gold"

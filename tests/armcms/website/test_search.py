"""Search across news, press releases and publications, on either database."""

import pytest
from django.core.files.base import ContentFile

from armcms.content import registry
from tests.armcms.factories import with_pdf
from tests.conftest import pdf_with_text
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    return client.get("/search/", {"q": query, **params})


def result_titles(response):
    return [result["item"].title for result in response.context["results"]]


def test_a_title_match_ranks_above_a_body_match(client):
    NewsArticleFactory(title="Quarterly update", body="<p>Notes on tantalum.</p>")
    PublicationFactory(title="Tantalum in the Great Lakes", body="<p>Trade.</p>")
    PressReleaseFactory(title="Another update", summary="A tantalum summary.")
    assert result_titles(search(client, "tantalum")) == [
        "Tantalum in the Great Lakes",
        "Another update",
        "Quarterly update",
    ]


def test_results_show_their_type_and_a_highlighted_excerpt(client):
    PressReleaseFactory(
        title="Yani certified",
        summary="",
        body="<p>The cooperative <strong>Yani</strong> earned certification.</p>",
    )
    response = search(client, "cooperative")
    html = response.content.decode()
    assert "Press release" in html
    assert "The <mark>cooperative</mark> Yani earned certification." in html


def test_excerpts_escape_the_text(client):
    NewsArticleFactory(title="Escaping", summary='<script>alert("x")</script> cobalt')
    html = search(client, "cobalt").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_all_words_must_match(client):
    NewsArticleFactory(title="Gold in Peru")
    NewsArticleFactory(title="Gold in Bolivia")
    assert result_titles(search(client, "gold peru")) == ["Gold in Peru"]


def test_text_inside_a_publication_pdf_is_found(client):
    publication = PublicationFactory(title="Annual report", summary="", body="")
    with_pdf(
        publication,
        "annual.pdf",
        ContentFile(pdf_with_text("Columbite coltan smelters")),
    )
    publication.refresh_from_db()
    assert "Columbite coltan smelters" in publication.pdf_text
    assert publication.pdf_info["pages"] == 1
    assert result_titles(search(client, "coltan")) == ["Annual report"]


def test_an_unreadable_pdf_is_kept_but_not_searchable(client):
    publication = PublicationFactory(title="Damaged report")
    with_pdf(publication, "damaged.pdf", ContentFile(b"%PDF-1.4\n garbage \x00\xff"))
    publication.refresh_from_db()
    assert publication.pdf.file.name
    assert publication.pdf_text == ""
    assert publication.pdf_info["size"] > 0
    assert client.get(publication.get_absolute_url()).status_code == 200


def test_results_are_paginated(client):
    NewsArticleFactory.create_batch(12, title="Mercury free mining")
    first = search(client, "mercury")
    assert len(first.context["results"]) == 10
    assert first.context["page_obj"].paginator.count == 12
    assert 'href="?q=mercury&amp;page=2"' in first.content.decode()
    assert len(search(client, "mercury", page=2).context["results"]) == 2


@pytest.mark.parametrize("page", ["3", "abc", "0", "99999"])
def test_bad_result_pages_are_404(client, page):
    NewsArticleFactory(title="Mercury")
    assert search(client, "mercury", page=page).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "nul\x00byte",
        "🙂 ⛏️ Ñandú",
        "مرحبا",
        "e\u0301\u0301\u0301",
        "' OR 1=1; --",
        '"unbalanced (quotes',
        "a & b | !c <-> d:*",
        " ",
        "the and of",
    ],
)
def test_odd_queries_never_fail(client, query):
    NewsArticleFactory(title="Mercury")
    response = search(client, query)
    assert response.status_code == 200


def test_an_overlong_query_is_explained(client):
    html = search(client, "x" * 10_000).content.decode()
    assert "at most 200 characters" in html


def test_search_page_without_a_query_shows_the_form(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert "results" not in response.context


@pytest.fixture
def connection():
    from django.db import connection

    return connection


def test_postgresql_search_uses_an_indexed_stemmed_vector(client, connection):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search; SQLite uses the word-match fallback")
    article = NewsArticleFactory(title="Women miners organise", summary="", body="")
    article.refresh_from_db()
    assert "'miner':2A" in str(article.search_vector)
    assert result_titles(search(client, "organising miner")) == [
        "Women miners organise"
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes "
            "WHERE indexdef LIKE '%gin (search_vector%'"
        )
        indexes = {row[0] for row in cursor.fetchall()}
    # One index per language's vector, of every content type.
    assert indexes == {
        f"{model._meta.db_table}_search_vector_{language}_gin"
        for model in registry.publishable_models()
        for language in ["en", "es", "fr"]
    }
    assert len(registry.publishable_models()) == 4

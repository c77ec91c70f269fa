"""
Search finds what people type, on either database: accents and case aside,
whole words, in the visitor's language or the text an untranslated item
shows; counted, narrowed by type, and suggested when nothing is found.
"""

import pytest
from django.db import connection

from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.pages.factories import PageFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="suggestions need pg_trgm; SQLite makes none",
)


def search(client, query, prefix="", **params):
    return client.get(f"{prefix}/search/", {"q": query, **params})


def found(client, query, prefix="") -> set[str]:
    response = search(client, query, prefix)
    assert response.status_code == 200
    return {result["item"].title for result in response.context["results"]}


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("La minería artesanal", "mineria"),
        ("La mineria artesanal", "minería"),
        ("Gold in Perú", "Peru"),
        ("Gold in Peru", "Perú"),
        ("Workshop in Medellín", "Medellin"),
        ("Workshop in Medellin", "Medellín"),
        ("Workshop in MEDELLÍN", "medellin"),
        ("Workshop in medellin", "MEDELLÍN"),
    ],
)
def test_accents_and_case_are_ignored_both_ways(client, written, typed):
    NewsArticleFactory(title=written, summary="", body="")
    NewsArticleFactory(title="Something else", summary="", body="")
    assert found(client, typed) == {written}


def test_spanish_accents_are_ignored_in_spanish(client):
    NewsArticleFactory(
        title="Small-scale mining",
        title_es="La minería en pequeña escala",
        summary="",
        body="",
    )
    # (The results' titles are read in English, after the request.)
    assert found(client, "mineria", "/es") == {"Small-scale mining"}
    assert found(client, "pequena", "/es") == {"Small-scale mining"}
    assert found(client, "pequena") == set()


def test_a_word_is_not_found_inside_another(client):
    NewsArticleFactory(title="Coronavirus and the mines", summary="", body="")
    NewsArticleFactory(title="El oro de Nariño", summary="", body="")
    assert found(client, "oro") == {"El oro de Nariño"}


def test_an_untranslated_item_is_searched_in_the_text_it_shows(client):
    NewsArticleFactory(title="Mercury-free gold in Antioquia", summary="", body="")
    NewsArticleFactory(
        title="Tantalum in Africa",
        title_es="El tantalio en África",
        summary="",
        body="",
    )
    # On /es/, the untranslated item shows (and is found by) its English text;
    # the translated one by its Spanish text only.
    assert found(client, "Antioquia", "/es") == {"Mercury-free gold in Antioquia"}
    assert found(client, "africa", "/es") == {"Tantalum in Africa"}
    assert found(client, "tantalum", "/es") == set()
    assert found(client, "tantalum") == {"Tantalum in Africa"}


def test_drafts_are_not_found(client):
    NewsArticleFactory(title="Cobalt draft", draft=True)
    NewsArticleFactory(title="Cobalt scheduled", scheduled=True)
    assert found(client, "cobalt") == set()


def test_results_are_counted_and_filtered_by_type(client):
    NewsArticleFactory.create_batch(2, title="Tin mining news")
    PressReleaseFactory(title="Tin mining release")
    PublicationFactory(title="Tin mining report")
    response = search(client, "tin")
    html = response.content.decode()
    assert "4 results for “tin”" in html
    assert '<a href="?q=tin&amp;type=newsarticle">News articles (2)</a>' in html
    assert '<a href="?q=tin&amp;type=publication">Publications (1)</a>' in html
    assert 'href="?q=tin&amp;type=page"' not in html  # no page matches

    narrowed = search(client, "tin", type="pressrelease")
    assert {r["item"].title for r in narrowed.context["results"]} == {
        "Tin mining release"
    }
    html = narrowed.content.decode()
    assert "1 result for “tin”" in html
    assert '<a href="?q=tin" aria-current="page"' not in html
    assert '<a href="?q=tin">All (4)</a>' in html
    assert 'type=pressrelease" aria-current="page">Press releases (1)' in html
    # A new search looks at every kind again.
    assert 'name="type"' not in html


@pytest.mark.parametrize("kind", ["nonsense", "", "news.newsarticle", "x\x00y"])
def test_an_unknown_type_shows_every_type(client, kind):
    NewsArticleFactory(title="Tin mining news")
    PressReleaseFactory(title="Tin mining release")
    response = search(client, "tin", type=kind)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 2


def test_page_links_keep_the_query_and_the_type(client):
    NewsArticleFactory.create_batch(11, title="Zinc news")
    PressReleaseFactory(title="Zinc release")
    html = search(client, "zinc", type="newsarticle").content.decode()
    assert 'href="?q=zinc&amp;type=newsarticle&amp;page=2"' in html
    second = search(client, "zinc", type="newsarticle", page=2)
    assert len(second.context["results"]) == 1


def test_pages_are_found_and_shown_without_a_date(client):
    PageFactory(title="Zircon policy", summary="", body="<p>About zircon.</p>")
    NewsArticleFactory(title="Zircon news", summary="", body="")
    response = search(client, "zircon", type="page")
    assert [r["item"].title for r in response.context["results"]] == ["Zircon policy"]
    assert "<time" not in response.content.decode().split('class="results"')[1]
    assert "<time" in search(client, "zircon", type="newsarticle").content.decode()


def test_the_search_page_labels_its_box(client):
    html = client.get("/search/").content.decode()
    assert '<label for="id_q">' in html
    assert 'type="search" name="q"' in html


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"""',
        "gold*",
        "*",
        "NEAR(gold silver",
        "NEAR(",
        "gold AND OR NOT silver",
        "-gold",
        "gold -",
        "title:gold",
        "^gold",
        "(gold",
        "{a b}: c",
        "!!! ??? ...",
        "\u2019\u2018\u201c\u201d",
        "x" * 200,
        "gold " * 40,
        "nul\x00\x00byte",
        "\x00",
        "\x01\x1f",
        "🙂",
    ],
)
def test_hostile_queries_never_fail(client, query):
    NewsArticleFactory(title="Gold and silver")
    for prefix in ["", "/es"]:
        response = search(client, query, prefix)
        assert response.status_code in (200, 400), query


def test_typed_syntax_is_read_as_plain_words(client):
    NewsArticleFactory(title="Gold and silver", summary="", body="")
    NewsArticleFactory(title="Near the river", summary="", body="")
    assert found(client, '"gold"') == {"Gold and silver"}
    assert found(client, "gold*") == {"Gold and silver"}
    assert found(client, "near(") == {"Near the river"}


@on_postgresql
def test_a_misspelt_search_suggests_the_closest_words(client):
    NewsArticleFactory(title="Artisanal mining in Colombia", summary="", body="")
    NewsArticleFactory(title="Mercury reduction", summary="", body="")
    response = search(client, "artisnal minning")
    assert response.context["page_obj"].paginator.count == 0
    assert response.context["suggestion"] == "artisanal mining"
    html = response.content.decode()
    assert 'Did you mean <a href="?q=artisanal+mining">artisanal mining</a>?' in html
    assert found(client, response.context["suggestion"]) == {
        "Artisanal mining in Colombia"
    }


@on_postgresql
def test_suggestions_come_from_published_titles_in_the_visitors_language(client):
    NewsArticleFactory(title="Secret merger", draft=True)
    NewsArticleFactory(
        title="Gold prices", title_es="Precios del oro", summary="", body=""
    )
    assert search(client, "secrett").context["suggestion"] is None
    assert search(client, "precioss", "/es").context["suggestion"] == "precios"
    assert search(client, "pricess").context["suggestion"] == "prices"


@on_postgresql
def test_no_suggestion_when_something_is_found(client):
    NewsArticleFactory(title="Gold prices", summary="", body="")
    response = search(client, "gold")
    assert response.context["suggestion"] is None
    assert "Did you mean" not in response.content.decode()


def test_sqlite_makes_no_suggestion(client):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL suggests; tested above")
    NewsArticleFactory(title="Artisanal mining")
    assert search(client, "artisnal").context["suggestion"] is None

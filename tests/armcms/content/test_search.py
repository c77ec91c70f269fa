"""
The search index kept with the content (SQLite's full-text table,
PostgreSQL's vectors), what people type turned into FTS5 queries, and the
excerpts shown under each result.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armcms.content import registry
from armcms.content.excerpts import excerpt
from armcms.content.search import (
    TABLE,
    fts_query,
    language_codes,
    model_key,
    rebuild_index,
)
from news.models import NewsArticle
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db


def titles(query: str, language: str = "en") -> set[str]:
    with translation.override(language):
        return {item.title_en for item in NewsArticle.objects.published().search(query)}


def index_rows() -> int:
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def test_every_content_type_has_its_own_key():
    labels = [model._meta.label_lower for model in registry.publishable_models()]
    assert len({model_key(label) for label in labels}) == len(labels)


def test_an_edit_is_found_at_once_and_the_old_words_are_not():
    item = NewsArticleFactory(title="Gold in Nariño", summary="", body="")
    item.title = "Silver in Cauca"
    item.save()
    assert titles("silver") == {"Silver in Cauca"}
    assert titles("narino") == set()


def test_a_deleted_item_leaves_the_index():
    kept = NewsArticleFactory(title="Tungsten kept")
    NewsArticleFactory(title="Tungsten deleted")
    rows = index_rows()
    NewsArticle.objects.filter(title="Tungsten deleted").delete()  # a bulk delete
    assert titles("tungsten") == {kept.title}
    if connection.vendor == "sqlite":
        assert index_rows() == rows - len(language_codes())


def test_a_raw_write_is_indexed():
    """A revert in the admin writes the row back raw, skipping save()."""
    item = NewsArticleFactory(title="Bauxite", summary="", body="")
    item.title_en = "Lithium"
    item.save_base(raw=True)
    assert titles("lithium") == {"Lithium"}
    assert titles("bauxite") == set()


def test_the_index_is_rebuilt_from_the_rows():
    NewsArticleFactory(title="Manganese in Bolivia", summary="", body="")
    # Rows written behind the index's back (a bulk update, a restore).
    NewsArticle.objects.update(title_en="Nickel in Bolivia")
    assert titles("nickel") == set()
    call_command("rebuild_search_index", verbosity=0)
    assert titles("nickel") == {"Nickel in Bolivia"}
    assert titles("manganese") == set()
    rebuild_index()  # twice changes nothing
    assert titles("nickel") == {"Nickel in Bolivia"}


def test_search_outside_a_request_uses_the_default_language():
    NewsArticleFactory(title="Graphite", title_es="Grafito", summary="", body="")
    with translation.override(None):
        assert [i.title_en for i in NewsArticle.objects.search("graphite")] == [
            "Graphite"
        ]


def test_fields_weigh_as_on_postgresql():
    NewsArticleFactory(title="Update", summary="", body="<p>Notes on tantalum.</p>")
    NewsArticleFactory(title="Another", summary="On tantalum.", body="<p>Notes.</p>")
    NewsArticleFactory(title="Tantalum", summary="", body="<p>Notes.</p>")
    ranked = NewsArticle.objects.published().search("tantalum").order_by("-rank")
    assert [item.title for item in ranked] == ["Tantalum", "Another", "Update"]


def test_body_markup_is_not_indexed():
    NewsArticleFactory(
        title="Markup",
        summary="",
        body='<p>One <a href="https://example.org/strong">link</a></p><p>two</p>',
    )
    assert titles("strong") == set()
    assert titles("href") == set()
    assert titles("link two") == {"Markup"}


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("gold", '"gold"'),
        ('say "hi"', '"say" """hi"""'),
        ("NEAR( a", '"NEAR(" "a"'),
        ("  ", None),
        ("\x00", None),
    ],
)
def test_every_typed_word_is_a_quoted_string(typed, query):
    assert fts_query(typed) == query


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(max_size=60))
def test_no_typed_text_is_an_fts5_syntax_error(typed):
    query = fts_query(typed)
    if query is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {TABLE} WHERE {TABLE} MATCH %s", [query]
            )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(max_size=40))
def test_no_typed_text_fails_either_database(typed):
    list(NewsArticle.objects.published().search(typed.replace("\x00", "")))


# Excerpts


def test_excerpts_keep_a_space_between_paragraphs():
    item = NewsArticleFactory(
        summary="",
        body="<p>Mercury is the risk.</p><p>But cooperatives</p><ul><li>one</li>"
        "<li>two</li></ul><h2>Gold</h2>",
    )
    assert excerpt(item, "risk") == (
        "Mercury is the <mark>risk</mark>. But cooperatives one two Gold"
    )


def test_excerpts_cut_at_word_boundaries_with_an_ellipsis():
    words = " ".join(f"word{n}" for n in range(200))
    item = NewsArticleFactory(summary="", body=f"<p>{words} tantalum {words}</p>")
    text = str(excerpt(item, "tantalum", length=100))
    assert text.startswith("… word")
    assert text.endswith(" …")
    assert "<mark>tantalum</mark>" in text
    inner = text.removeprefix("… ").removesuffix(" …")
    inner = inner.replace("<mark>", "").replace("</mark>", "")
    for word in inner.split():
        assert word == "tantalum" or word.startswith("word"), word
        assert word.removeprefix("word").isdigit() or word == "tantalum", word
    assert len(inner) <= 100


def test_excerpts_mark_words_whatever_their_accents_and_case():
    item = NewsArticleFactory(
        summary="", body="<p>La MINERÍA en Perú, no en coronavirus ni Medellín.</p>"
    )
    assert excerpt(item, "mineria peru oro medellin") == (
        "La <mark>MINERÍA</mark> en <mark>Perú</mark>, no en coronavirus ni "
        "<mark>Medellín</mark>."
    )


def test_excerpts_escape_what_they_mark_and_what_they_do_not():
    item = NewsArticleFactory(
        summary='<b>cobalt</b> & "cobalt" <script>alert(1)</script>', body=""
    )
    assert excerpt(item, "cobalt b script") == (
        "&lt;b&gt;<mark>cobalt</mark>&lt;/b&gt; &amp; "
        "&quot;<mark>cobalt</mark>&quot; &lt;<mark>script</mark>&gt;alert(1)"
        "&lt;/<mark>script</mark>&gt;"
    )


def test_an_excerpt_without_a_match_starts_at_the_beginning():
    item = NewsArticleFactory(summary="Short summary.", body="<p>Body.</p>")
    assert excerpt(item, "absent") == "Short summary. Body."
    assert excerpt(item, "") == "Short summary. Body."

"""
The migration that makes search ignore accents indexes the items already
there, on either database, and can be undone.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from armcms.content.search import TABLE
from news.models import NewsArticle
from tests.news.factories import NewsArticleFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BEFORE = [("armcms", "0011_homepage_lead_brand_colours")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.fixture(autouse=True)
def back_to_the_latest_migrations():
    yield
    migrate()


def found(query: str, language: str = "en") -> list[str]:
    with translation.override(language):
        return [item.title_en for item in NewsArticle.objects.published().search(query)]


def test_existing_items_are_indexed_without_accents():
    NewsArticleFactory(
        title="La minería en Perú", title_es="Minería en el Perú", summary="", body=""
    )
    migrate(BEFORE)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = %s", [TABLE])
            assert cursor.fetchall() == []  # undone
        else:
            cursor.execute(
                "SELECT cfgname FROM pg_ts_config WHERE cfgname LIKE 'armcms_%%'"
            )
            assert cursor.fetchall() == []  # undone
            # As stored before: stemmed with accents, or not at all.
            cursor.execute(
                "UPDATE news_newsarticle SET search_vector_en = NULL, "
                "search_vector_es = NULL, search_vector_fr = NULL"
            )
    migrate()
    assert found("mineria peru") == ["La minería en Perú"]
    assert found("MINERIA", "es") == ["La minería en Perú"]

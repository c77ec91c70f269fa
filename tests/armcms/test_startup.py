"""The start of a server process: what is done once, before any request."""

import pytest
from django.db import connections
from django.db.backends.signals import connection_created
from django.template import engines
from django.urls import clear_url_caches, get_resolver

from armcms.startup import warm_up


@pytest.fixture
def cold():
    """No open connection, no compiled template, no built URL patterns."""
    connections.close_all()
    engine = engines["django"].engine
    engine.template_loaders[0].reset()
    clear_url_caches()
    yield engine
    connections.close_all()


def test_warm_up_compiles_the_templates_and_builds_the_urls(cold):
    warm_up()

    compiled = cold.template_loaders[0].get_template_cache
    assert {"home/home.html", "base.html", "includes/_card.html"} <= set(compiled)
    resolver = get_resolver()
    assert {"es", "fr", "en"} <= set(resolver._reverse_dict)


def test_warm_up_opens_no_database_connection_a_fork_would_share(cold):
    # Without the django_db mark, a query would also fail the test.
    opened = []

    def record(sender, connection, **kwargs):
        opened.append(connection.alias)

    connection_created.connect(record, weak=False)
    try:
        warm_up()
    finally:
        connection_created.disconnect(record)

    assert opened == []

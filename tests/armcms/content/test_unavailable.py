"""
The site while its database cannot be reached: a plain 503 page in the
page's language, with Retry-After and no traceback, and pages again as soon
as the database answers. A statement the database refuses is still a 500.
"""

import sqlite3
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.urls import path

from armcms.content.unavailable import RETRY_AFTER_SECONDS, is_connection_failure
from armcms.urls import urlpatterns as site_urlpatterns
from tests.armcms.pagecache.test_workers import free_port
from tests.client import Client
from tests.news.factories import NewsArticleFactory

TEXT = {
    "en": "The site could not show this page just now.",
    "es": "El sitio no pudo mostrar esta página en este momento.",
    "fr": "Le site n'a pas pu afficher cette page pour le moment.",
}


@contextmanager
def database_down():
    """
    The database out of reach, as when its server is down: PostgreSQL on a
    port nothing listens on, SQLite at a file in a folder that is not there.
    Django's connection is closed, so the next query tries to open one.
    """
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    keeper = None
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            # The test database lives in memory while a connection holds it.
            keeper = sqlite3.connect(settings_dict["NAME"], uri=True)
        settings_dict["NAME"] = "/no-such-folder/db.sqlite3"
    else:
        settings_dict["PORT"] = free_port()
    connection.close()
    try:
        yield
    finally:
        settings_dict.update(saved)
        connection.close()
        if keeper is not None:
            connection.ensure_connection()  # before the last holder lets go
            keeper.close()


def assert_unavailable(response, language: str) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert TEXT[language] in html
    assert "Traceback" not in html


# Transactional: the connection is closed and opened again, as between the
# requests of a real server, which no test transaction may span.
@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_the_database_is_down(admin_user, caplog):
    article = NewsArticleFactory(title="Miners meet")
    staff = Client()
    staff.force_login(admin_user)
    visitor = Client()
    pages = [
        ("/news/", "en"),
        (article.get_absolute_url(), "en"),
        ("/es/news/", "es"),
        ("/admin/account/login/", "en"),
        ("/no-such-page/", "en"),
        ("/fr/no-such-page/", "fr"),
        ("/es/news/no-such-article/", "es"),
        ("/?p=12", "en"),  # an imported site's old address, looked up
    ]
    with database_down():
        for url, language in pages:
            assert_unavailable(visitor.get(url), language)
        for url in ["/news/", "/admin/", "/admin/news/newsarticle/", "/admin/nope/"]:
            assert_unavailable(staff.get(url), "en")
        assert visitor.get("/healthz").status_code == 503
    # Logged, one line a request, and no traceback.
    assert any("Database unreachable" in record.message for record in caplog.records)
    assert not any(record.exc_info for record in caplog.records)

    response = visitor.get("/news/")
    assert (response.status_code, "Miners meet" in response.content.decode()) == (
        200,
        True,
    )
    assert visitor.get("/admin/account/login/").status_code == 200
    assert visitor.get("/no-such-page/").status_code == 404
    assert staff.get("/admin/news/newsarticle/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_sign_in_attempt_while_the_database_is_down_is_503(admin_user):
    client = Client()
    page = client.get("/admin/account/login/")
    assert page.status_code == 200
    with database_down():
        response = client.post(
            "/admin/account/login/",
            {
                "login_view-current_step": "auth",
                "auth-username": admin_user.username,
                "auth-password": "password",
            },
        )
        assert_unavailable(response, "en")


def refused_statement(request):
    """A statement the database refuses: a real error, not an outage."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT * FROM no_such_table")
        else:
            # A cancelled statement: PostgreSQL's 57014, an OperationalError.
            cursor.execute("SET LOCAL statement_timeout = 1")
            cursor.execute("SELECT pg_sleep(1)")
    return HttpResponse("not reached")


urlpatterns = [path("refused/", refused_statement), *site_urlpatterns]


@pytest.mark.django_db
def test_a_statement_the_database_refuses_is_still_a_500(settings, caplog):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/refused/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    errors = [record for record in caplog.records if record.exc_info]
    assert isinstance(errors[0].exc_info[1], OperationalError)


class DriverError(Exception):
    """What psycopg raises, with the SQLSTATE PostgreSQL answered."""

    def __init__(self, pgcode):
        super().__init__(pgcode)
        self.pgcode = pgcode


@pytest.mark.parametrize(
    ("pgcode", "failure"),
    [
        ("08006", True),  # connection failure
        ("08001", True),  # could not connect
        ("57P01", True),  # terminated by the administrator (a shutdown)
        ("57P03", True),  # the server is starting up
        ("55P03", False),  # lock not available (a lock timeout)
        ("57014", False),  # statement cancelled (a statement timeout)
        ("40001", False),  # serialization failure
    ],
)
def test_connection_failures_are_told_by_their_sqlstate(pgcode, failure):
    error = OperationalError(pgcode)
    error.__cause__ = DriverError(pgcode)
    assert is_connection_failure(error) is failure


def test_other_errors_are_not_connection_failures():
    assert not is_connection_failure(ValueError("A string literal cannot contain NUL"))

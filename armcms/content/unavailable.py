"""
A site whose database cannot be reached answers a plain 503 page, with
``Retry-After``, instead of a server error; it serves again by itself once
the database answers (Django opens a new connection for the next request).

Only a failure to reach the database counts: a statement the database
refuses (a lock timeout, a missing table) is a real error, still a 500 and
logged by Django with its traceback.

Connections are kept between requests (CONN_MAX_AGE) and not checked before
each request's first query, which would cost a round trip every time: a kept
connection that has died (a restarted server) fails instead, and a request
that only reads (GET, HEAD) is then answered again on a new connection.
"""

import contextvars
import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# Whether the request began with a connection kept from an earlier one.
kept_connection = contextvars.ContextVar("armcms_kept_connection", default=False)
# SQLSTATEs of a connection that failed or was ended by the server: class 08
# (connection exception), and a server shutting down or still starting up.
CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")


def is_connection_failure(error: BaseException) -> bool:
    """
    Whether ``error`` says the database could not be reached, rather than
    that it refused one statement.

    PostgreSQL gives an SQLSTATE to every error it answers, a lock timeout
    (55P03) or a cancelled statement (57014) as much as a shutdown (57P01):
    the code decides. An error without one (and every SQLite error) comes
    from the client's side: it is a connection failure when there is no
    connection (none could be opened: a refused port, a database file that
    cannot be opened) or the one there no longer answers.
    """
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    code = getattr(error.__cause__, "pgcode", None)
    if code:
        return code.startswith(CONNECTION_SQLSTATES)
    return connection.connection is None or not connection.is_usable()


def note_kept_connection(**kwargs) -> None:
    """At each request's start, after Django closed what it would not keep."""
    kept_connection.set(connection.connection is not None)


def database_unreachable() -> bool:
    """
    Whether the database cannot be reached now. A connection that answered
    in this request counts as reachable; otherwise Django's health check
    runs (once a request, as before any query) or a connection is opened.
    """
    if connection.connection is not None and connection.errors_occurred:
        return not connection.is_usable()
    connection.close_if_health_check_failed()
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        return is_connection_failure(error)
    return False


def unavailable_page(request) -> HttpResponse:
    """
    The 503 page, in the page's language. Rendered without the request, so
    no context processor runs and nothing asks the database.
    """
    language = (
        getattr(request, "LANGUAGE_CODE", None)
        or translation.get_language_from_path(request.path_info)
        or settings.LANGUAGE_CODE
    )
    with translation.override(language):
        html = render_to_string("503.html")
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def unavailable_answer(request, error: DatabaseError) -> HttpResponse:
    """The 503 page for a connection failure (logged once, no traceback)."""
    logger.error("Database unreachable, answered 503: %s", error)
    return unavailable_page(request)


class DatabaseUnavailableMiddleware:
    """
    Answer the 503 page when the database cannot be reached.

    A view or its template that fails to reach it raises a connection error
    (``process_exception``). On the way out, what the middleware above asks
    of the database, the redirects looked up for a 404 and the saving of a
    changed session, is checked first: both skip a 5xx answer, so a 503 here
    spares them the failure (a server error with its traceback). So it sits
    low in MIDDLEWARE, below those two and above the views.

    A server error from below (a middleware, Django's error pages) is also a
    503 while the database does not answer; Django has logged it already.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "armcms_connection_died", False):
            # Once, on a new connection (see the module's docstring).
            connection.close()
            request.armcms_connection_died = False
            response = self.get_response(request)
        if hasattr(request, "armcms_database_error"):
            return response  # a statement refused: judged below, a 500
        session = getattr(request, "session", None)
        needs_database = response.status_code in (404, 500) or (
            session is not None and session.modified
        )
        if needs_database and database_unreachable():
            if response.status_code != 500:
                logger.error("Database unreachable, answered 503: %s", request.path)
            return unavailable_page(request)
        return response

    def process_exception(self, request, exception):
        if not is_connection_failure(exception):
            if isinstance(exception, DatabaseError):
                # Django answers 500 and logs it, the connection left as the
                # error left it (a transaction to roll back, say).
                request.armcms_database_error = exception
            return None
        if (
            request.method in ("GET", "HEAD")
            and kept_connection.get()
            and not hasattr(request, "armcms_connection_died")
        ):
            logger.warning("A kept database connection had died: %s", exception)
            request.armcms_connection_died = True
            return HttpResponse(status=503)  # answered again in __call__
        return unavailable_answer(request, exception)

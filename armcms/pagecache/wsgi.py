"""
The page cache's one way in: the WSGI application in front of Django.

A cached page is sent before Django builds a request, runs its middleware
or opens a transaction, so a hit costs little more than the cache's round
trip. A miss is built by Django and, when it is a complete page for
everyone, stored on its way out, with every header Django's middleware
added (security headers included).
"""

import logging
from http.client import responses

from django.core.cache import cache
from django.core.exceptions import TooManyFieldsSent
from django.core.handlers.wsgi import get_bytes_from_wsgi, get_path_info
from django.http import QueryDict

from .pages import (
    is_cacheable_request,
    is_current,
    is_storable,
    lookup,
    page_address,
)
from .version import VERSION_KEY, cache_missed, content_version, page_timeout

logger = logging.getLogger(__name__)


class CachedPages:
    """
    Serve and store public pages for visitors without a session.

    A hit costs one round trip to the cache: the content version and the
    page are read together, and the page counts only if it was stored under
    the current version.

    A page's key leaves out the query parameters the page does not read
    (see `page_address`): an address with tracking parameters is answered
    by the page stored for the address without them. On a miss it is built
    as asked (its links and redirects keep the visitor's parameters) and not
    stored, so no visitor is shown another's parameters.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        body = self.answer(environ, start_response)
        if environ["REQUEST_METHOD"] != "HEAD":
            return body
        # The answer to a HEAD is a GET's headers, Content-Length included,
        # without the body. Django's handler sends the body whatever the
        # method (its test client and runserver drop it, gunicorn drops it
        # with a warning); the body is closed unsent, as a server closes it.
        if hasattr(body, "close"):
            body.close()
        return []

    def answer(self, environ, start_response):
        if not is_cacheable_request(environ):
            return self.application(environ, start_response)
        try:
            address = page_address(
                environ,
                get_path_info(environ) or "/",
                QueryDict(get_bytes_from_wsgi(environ, "QUERY_STRING", "")),
            )
        except TooManyFieldsSent:
            address = None  # Django answers 400
        if address is None:
            return self.application(environ, start_response)
        key, storable = address
        try:
            found = lookup(key)
            if is_current(found, key):
                _version, status, headers, content = found[key]
                start_response(status_line(status), [*headers, ("X-Page-Cache", "hit")])
                return [content]
            # Read before the page is built: a change committed meanwhile
            # bumps the version past it.
            version = found.get(VERSION_KEY) or content_version()
        except Exception:
            cache_missed.set()
            logger.exception("Page cache unavailable; building the page")
            return self.application(environ, start_response)
        if not storable:
            return self.application(environ, start_response)
        return self.build_and_store(environ, start_response, key, version)

    def build_and_store(self, environ, start_response, key, version):
        sent = []
        written = []

        def hold(status, headers, exc_info=None):
            sent[:] = [status, headers, exc_info]
            return written.append

        body = self.application(environ, hold)
        status, headers, exc_info = sent
        code = int(status.split(" ", 1)[0])
        if not is_storable(code, headers):
            write = start_response(status, headers, *filter(None, [exc_info]))
            for chunk in written:
                write(chunk)
            return body
        timeout = 0
        try:
            content = b"".join([*written, *body])
            # Before the body is closed: closing it ends Django's request,
            # and the timeout may read the database.
            try:
                timeout = page_timeout(version)
            except Exception:
                logger.exception("Could not store the page in the cache")
        finally:
            if hasattr(body, "close"):
                body.close()
        try:
            if timeout > 0:
                cache.set(key, (version, code, headers, content), timeout)
        except Exception:
            logger.exception("Could not store the page in the cache")
        start_response(status, [*headers, ("X-Page-Cache", "miss")])
        return [content]


def status_line(status: int) -> str:
    return f"{status} {responses.get(status, 'Unknown')}"

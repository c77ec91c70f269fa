"""The page cache in front of Django: hits answered before Django runs."""

import logging
from http.client import responses

from django.core.handlers.wsgi import get_bytes_from_wsgi, get_path_info
from django.http import QueryDict

from .pages import (
    LOOKUP,
    Lookup,
    is_cacheable_request,
    is_current,
    lookup,
    page_address,
)
from .version import cache_missed

logger = logging.getLogger(__name__)


class CachedPages:
    """
    The WSGI application in front of Django: a cached page is sent before
    Django builds a request, runs its middleware or opens a transaction, so
    a hit costs little more than the cache's round trip. Everything else
    goes to Django, with what was found for the middleware to reuse.
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
        if is_cacheable_request(environ):
            address = page_address(
                environ,
                get_path_info(environ) or "/",
                QueryDict(get_bytes_from_wsgi(environ, "QUERY_STRING", "")),
            )
            environ[LOOKUP] = Lookup(address)
            if address is None:
                return self.application(environ, start_response)
            key, _storable = address
            try:
                found = lookup(key)
            except Exception:
                cache_missed.set()
                logger.exception("Page cache unavailable; building the page")
                # The middleware does not wait for the cache again.
                return self.application(environ, start_response)
            environ[LOOKUP] = Lookup(address, found)
            if is_current(found, key):
                _version, status, headers, content = found[key]
                start_response(
                    f"{status} {responses.get(status, 'Unknown')}",
                    [*headers, ("X-Page-Cache", "hit")],
                )
                return [content]
        return self.application(environ, start_response)

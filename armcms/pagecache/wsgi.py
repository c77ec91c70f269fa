"""
The page cache's one way in: the WSGI application in front of Django.

A cached page is sent before Django builds a request, runs its middleware
or opens a transaction, so a hit costs little more than the cache's round
trip. A miss is built by Django and, when it is a complete page for
everyone, stored on its way out, with every header Django's middleware
added (security headers included).
"""

import logging
import time
from http.client import responses

from django.core.cache import cache
from django.core.exceptions import TooManyFieldsSent
from django.core.handlers.wsgi import get_bytes_from_wsgi, get_path_info
from django.http import QueryDict

from armcms.content import shown

from .pages import (
    current_page,
    is_cacheable_request,
    is_storable,
    lookup,
    page_address,
)
from .tags import (
    COUNTER_KEY,
    cache_missed,
    change_counter,
    numbers_since,
    page_timeout,
    tag_key,
)

logger = logging.getLogger(__name__)

# How long a request waits for another process building the same page, at
# most, before building it too; and how often it looks.
BUILD_WAIT_SECONDS = 5.0
BUILD_POLL_SECONDS = 0.02


class CachedPages:
    """
    Serve and store public pages for visitors without a session.

    A hit costs one round trip to the cache: the page and the numbers of the
    tags it shows are read together (see `lookup`), and the page counts
    only if none of them changed since it was built.

    A page no longer current is built by one process at a time: the others
    asking for it meanwhile wait for that build and answer with its page
    rather than all building the same page at once; a visitor never gets a
    page older than a change that committed before the request.

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
        building, held = f"{key}:building", False
        try:
            found = lookup(key)
            page = current_page(found, key)
            if page is None and storable:
                held = cache.add(building, True, BUILD_WAIT_SECONDS)
                if not held:
                    found, page = self.wait_for_build(key, building)
            if page is not None:
                return self.send_hit(start_response, page)
            # Read before the page is built: a change counted meanwhile keeps
            # the page out of the cache (see armcms.pagecache.tags).
            counter = found.get(COUNTER_KEY) or change_counter()
        except Exception:
            cache_missed.set()
            logger.exception("Page cache unavailable; building the page")
            return self.application(environ, start_response)
        if not storable:
            return self.application(environ, start_response)
        try:
            return self.build_and_store(environ, start_response, key, counter)
        finally:
            if held:
                try:
                    cache.delete(building)
                except Exception:
                    logger.exception("Could not release a page being built")

    def wait_for_build(self, key: str, building: str):
        """
        Another process is building the page: its page once stored, or
        None when it is done without one (or takes too long), for this
        request to build it.
        """
        deadline = time.monotonic() + BUILD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(BUILD_POLL_SECONDS)
            found = lookup(key, building)
            page = current_page(found, key)
            if page is not None or building not in found:
                return found, page
        return found, None

    def build_and_store(self, environ, start_response, key, counter):
        sent = []
        written = []

        def hold(status, headers, exc_info=None):
            sent[:] = [status, headers, exc_info]
            return written.append

        with shown.recording() as recorded:
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
                timeout = page_timeout(counter)
            except Exception:
                logger.exception("Could not store the page in the cache")
        finally:
            if hasattr(body, "close"):
                body.close()
        try:
            numbers = numbers_since(counter, recorded.tags | recorded.related)
            if timeout > 0 and numbers is not None:
                own = {tag_key(tag) for tag in recorded.tags}
                page = (
                    {tag: n for tag, n in numbers.items() if tag in own},
                    {tag: n for tag, n in numbers.items() if tag not in own},
                    time.time(),
                    code,
                    headers,
                    content,
                )
                cache.set(key, page, timeout)
        except Exception:
            logger.exception("Could not store the page in the cache")
        start_response(status, [*headers, ("X-Page-Cache", "miss")])
        return [content]

    def send_hit(self, start_response, page):
        *_shown, status, headers, content = page
        start_response(status_line(status), [*headers, ("X-Page-Cache", "hit")])
        return [content]


def status_line(status: int) -> str:
    return f"{status} {responses.get(status, 'Unknown')}"

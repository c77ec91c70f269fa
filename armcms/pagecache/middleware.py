"""The page cache inside Django: what the WSGI entry (wsgi.py) did not answer."""

import logging

from django.core.cache import cache

from .pages import (
    LOOKUP,
    cached_response,
    is_cacheable_request,
    is_cacheable_response,
    is_current,
    lookup,
    page_address,
    page_entry,
)
from .version import VERSION_KEY, cache_missed, content_version, page_timeout

logger = logging.getLogger(__name__)


class PageCacheMiddleware:
    """
    Serve and store public pages for visitors without a session.

    A hit costs one round trip to the cache: the content version and the
    page are read together, and the page counts only if it was stored under
    the current version. Under gunicorn, `CachedPages` has already looked
    (and answered the hits); its key and lookup are reused here for the
    misses (see `Lookup`).

    A page's key leaves out the query parameters the page does not read
    (see `page_address`): an address with tracking parameters is answered
    by the page stored for the address without them. On a miss it is built
    as asked (its links and redirects keep the visitor's parameters) and not
    stored, so no visitor is shown another's parameters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request.META):
            return self.get_response(request)
        # What CachedPages worked out, when the request came through it (not
        # through the test client, say).
        looked = request.META.get(LOOKUP)
        if looked is None:
            address = page_address(request.META, request.path_info, request.GET)
        else:
            address = looked.address
        if address is None:
            return self.get_response(request)
        if looked is not None and looked.found is None:
            return self.get_response(request)  # CachedPages found it down
        key, storable = address
        try:
            found = lookup(key) if looked is None else looked.found
            if is_current(found, key):
                return cached_response(found[key])
            # Read before the page is built: a change committed meanwhile
            # bumps the version past it.
            version = found.get(VERSION_KEY) or content_version()
        except Exception:
            cache_missed.set()
            logger.exception("Page cache unavailable; building the page")
            return self.get_response(request)
        response = self.get_response(request)
        if storable and is_cacheable_response(response):
            # Only addresses Django accepted reach the cache (get_host()
            # refuses a host that is not allowed), so CachedPages can look
            # up the raw Host header the client sent.
            request.get_host()
            try:
                timeout = page_timeout(version)
                if timeout > 0:
                    cache.set(key, page_entry(version, response), timeout)
            except Exception:
                logger.exception("Could not store the page in the cache")
            response["X-Page-Cache"] = "miss"
        return response

"""
The public page cache.

Anonymous GET requests are answered from Django's cache, shared by every
process (Redis, or files under var/). Each key carries a content version
number kept in the same cache; any content change bumps it once its
transaction commits (see signals.py), so the next request to any worker
builds the page afresh. Each cached page also expires at the next scheduled
publish or expiry time, so a scheduled item appears on time. When the cache
cannot be reached, pages are built from the database as if there were no
cache.

A page's key keeps only the query parameters its view reads (the view's
``query_parameters``), so tracking parameters and made-up ones never make
new entries: such an address is answered by the page stored without them.
"""

import contextlib
import functools
import hashlib
import logging
import threading
import time
from datetime import datetime
from http.client import responses

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_bytes_from_wsgi, get_path_info
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.http.cookie import parse_cookie
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re
from django.utils.http import urlencode

from armcms.content import registry

logger = logging.getLogger(__name__)

VERSION_KEY = "armcms:content-version"
TRANSITION_KEY = "armcms:next-transition:{version}"
NO_TRANSITION = 0

# Set when this process could not reach the cache: a content change may have
# missed its version bump, so the next lookup that reaches the cache bumps
# it (any one bump, from any process, makes every older page stale).
cache_missed = threading.Event()


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new (or emptied) cache starts from the clock, so it never reuses
        # a number that older cached pages might still carry.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version() -> None:
    """
    Make every cached page stale: call after any change to public content.

    Inside a transaction the bump waits for the commit (and a rollback drops
    it). A request served before the commit reads the old version and the
    old rows, and stores that page under the old version, which the bump
    then ends; bumping before the commit would let such a request store the
    old page under the new version, served until it expires.
    """
    transaction.on_commit(_bump, robust=True)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: the next read sets one
        pass
    except Exception:
        cache_missed.set()
        logger.exception("Could not bump the content version in the cache")


def next_transition(now: datetime) -> datetime | None:
    """The next time an item is scheduled to appear or to expire, if any."""
    moments = (
        model._default_manager.next_transition(now)
        for model in registry.publishable_models()
    )
    return min(filter(None, moments), default=None)


def page_timeout(version: int) -> int:
    """Seconds a page may be cached: until the next transition at the latest."""
    now = timezone.now()
    key = TRANSITION_KEY.format(version=version)
    stored = cache.get(key)
    if stored is None or (stored != NO_TRANSITION and stored <= now.timestamp()):
        transition = next_transition(now)
        stored = transition.timestamp() if transition else NO_TRANSITION
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
    if stored == NO_TRANSITION:
        return settings.PAGE_CACHE_SECONDS
    return max(0, min(settings.PAGE_CACHE_SECONDS, int(stored - now.timestamp())))


class PageCacheMiddleware:
    """
    Serve and store public pages for visitors without a session.

    A hit costs one round trip to the cache: the content version and the
    page are read together, and the page counts only if it was stored under
    the current version. Under gunicorn, `CachedPages` has already looked
    (and answered the hits); its lookup is reused here for the misses.

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
        if LOOKUP in request.META and request.META[LOOKUP] is None:
            return self.get_response(request)  # CachedPages found it down
        address = page_address(request.META, request.path_info, request.GET)
        if address is None:
            return self.get_response(request)
        key, storable = address
        try:
            found = request.META[LOOKUP] if LOOKUP in request.META else lookup(key)
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
            if address is None:
                return self.application(environ, start_response)
            key, _storable = address
            try:
                found = environ[LOOKUP] = lookup(key)
            except Exception:
                cache_missed.set()
                logger.exception("Page cache unavailable; building the page")
                # Marked, so the middleware does not wait for the cache again.
                environ[LOOKUP] = None
                return self.application(environ, start_response)
            if is_current(found, key):
                _version, status, headers, content = found[key]
                start_response(
                    f"{status} {responses.get(status, 'Unknown')}",
                    [*headers, ("X-Page-Cache", "hit")],
                )
                return [content]
        return self.application(environ, start_response)


LOOKUP = "armcms.page_cache.lookup"


def lookup(key: str) -> dict:
    """The content version and the page at ``key``, in one round trip."""
    if cache_missed.is_set():
        cache_missed.clear()
        _bump()  # sets it again if the cache is still down
    return cache.get_many([VERSION_KEY, key])


def is_current(found: dict, key: str) -> bool:
    entry = found.get(key)
    return entry is not None and entry[0] == found.get(VERSION_KEY)


def is_cacheable_request(environ: dict) -> bool:
    """
    A GET or HEAD by a visitor without a session (staff always get a fresh
    page, previews included), for a public path.
    """
    if settings.PAGE_CACHE_SECONDS <= 0 or environ["REQUEST_METHOD"] not in (
        "GET",
        "HEAD",
    ):
        return False
    if settings.SESSION_COOKIE_NAME in parse_cookie(environ.get("HTTP_COOKIE", "")):
        return False
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return not path.startswith(uncached_prefixes())


def is_cacheable_response(response) -> bool:
    """
    A complete 200 page for everyone. A view keeps a page it answered out of
    the cache by setting ``response.page_cacheable = False``.
    """
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and getattr(response, "page_cacheable", True)
        # "Vary: Cookie" comes from looking at the (absent) session; the
        # cache never answers a request that carries one.
        and set(cc_delim_re.split(response.get("Vary", "Cookie"))) <= {"Cookie"}
        and not any(
            word in cache_control for word in ("private", "no-store", "no-cache")
        )
    )


def page_address(
    environ: dict, path_info: str, query: QueryDict
) -> tuple[str, bool] | None:
    """
    The page's cache key, and whether the page built for this request may
    be stored under it; None when the page is not cached for this query.

    The key is the page's address as the client gave it (scheme, host, path;
    the path carries the language), hashed, with the query reduced to the
    parameters the page reads (see `normal_query`). A page is stored only
    from a request that carries nothing else: its links repeat the query
    (pagination, the language switcher), and another visitor must not get
    links with someone's tracking parameters or made-up text in them. An
    address without a query needs no more; one with a query is looked up in
    the URLconf.
    """
    normal, storable = "", True
    if query:
        declared = query_parameters(path_info)
        if declared is None:
            return None
        normal = normal_query(query, declared)
        if normal is None:
            return None
        # Only empty values: the page says so ("Clear" the filters), the
        # plain address's page does not.
        storable = query.keys() <= declared.keys() and normal != ""
    address = "{}://{}{}{}?{}".format(
        request_scheme(environ),
        environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        normal,
    )
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"armcms:page:{digest}", storable


def normal_query(query: QueryDict, declared: dict) -> str | None:
    """
    The parameters of ``query`` that the page declares it reads, in order of
    name, each with the one value the page reads (the last, as
    ``QueryDict.get`` gives it) in its normal form: ``int`` for numbers
    (``page=03`` is ``page=3``), ``str`` for text. Parameters left empty
    are left out: every page here reads an empty value as no value. Anything
    else is left out too: tracking parameters (``utm_*``, ``fbclid``) and
    made-up ones do not change the page. None when a parameter the page
    declares as not cached (``None``) has a value, or when the address is
    one of the old site's (``/?p=123``), which is redirected.
    """
    if (query.keys() - declared.keys()) & old_query_keys():
        return None
    pairs = []
    for name in sorted(declared.keys() & query.keys()):
        value = query[name]
        if value == "":
            continue
        kind = declared[name]
        if kind is None:
            return None
        # A value that does not convert stays as it is: the page answers 404,
        # which is never stored.
        with contextlib.suppress(ValueError):
            value = str(kind(value))
        pairs.append((name, value))
    return urlencode(pairs)


def query_parameters(path_info: str) -> dict | None:
    """
    What the view at ``path_info`` declares it reads from the query: its
    ``query_parameters``, a dict of each parameter's name and kind (``int``,
    ``str``, or None for one that keeps the page out of the cache). None
    for a view that does not say, whose pages are then cached only without
    a query.
    """
    language = translation.get_language_from_path(path_info)
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            match = resolve(path_info)
    except Resolver404:
        return None
    view = getattr(match.func, "view_class", match.func)
    declared = getattr(view, "query_parameters", None)
    if declared is None:
        declared = framework_query_parameters(view, match.view_name)
    return declared


def framework_query_parameters(view, view_name: str) -> dict | None:
    """Django's own public views, which carry no declaration."""
    from django.contrib.syndication.views import Feed

    if isinstance(view, Feed):
        return {}
    return {
        "sitemap": {},
        "django.contrib.sitemaps.views.sitemap": {"p": int},
    }.get(view_name)


@functools.cache
def old_query_keys() -> frozenset[str]:
    # Imported when first needed: armcms.content.redirects loads models, and
    # this module loads before Django is set up (armcms/wsgi.py).
    from armcms.content.redirects import OLD_QUERY_KEYS

    return frozenset(OLD_QUERY_KEYS)


def request_scheme(environ: dict) -> str:
    """As HttpRequest.scheme works it out, behind a TLS proxy too."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        if environ.get(header) is not None:
            return "https" if environ[header] == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def page_entry(version: int, response) -> tuple:
    return (version, response.status_code, list(response.items()), response.content)


def cached_response(entry: tuple) -> HttpResponse:
    _version, status, headers, content = entry
    return HttpResponse(
        content, status=status, headers={**dict(headers), "X-Page-Cache": "hit"}
    )


@functools.cache
def uncached_prefixes() -> tuple[str, ...]:
    """Paths never cached (worked out once: the URLs do not change)."""
    return (
        reverse("admin:index"),
        reverse("editor_image_upload"),
        reverse("healthz"),
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/",
        settings.MEDIA_URL,
    )

"""
The public page cache.

Anonymous GET requests are answered from Django's cache, shared by every
process (Redis, or files under var/). Each page is stored with the numbers
of the tags it shows (see armcms.pagecache.tags): a change to what it shows
makes it stale in every process once the change commits, and leaves every
other page as it is. Each cached page also expires at the next scheduled
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
import time

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.http.cookie import parse_cookie
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import cc_delim_re
from django.utils.http import urlencode

from armcms.content import shown

from .tags import COUNTER_KEY, cache_missed, invalidate_now

# The tags of the pages this process last looked up, by page key, so that a
# hit reads the page and its tags' numbers in one round trip.
known_tags: dict[str, tuple[str, ...]] = {}
KNOWN_PAGES = 20_000


def lookup(key: str, *more: str) -> dict:
    """
    The change counter, the page at ``key``, the numbers of its tags and the
    ``more`` keys, in one round trip when this process has seen the page.
    """
    if cache_missed.is_set():
        cache_missed.clear()
        invalidate_now({shown.EVERYTHING})  # sets it again if the cache is down
    found = cache.get_many([COUNTER_KEY, key, *more, *known_tags.get(key, ())])
    entry = found.get(key)
    if entry is not None:
        tag_keys = (*entry[0], *entry[1])
        missing = [tag for tag in tag_keys if tag not in found]
        if missing:
            found.update(cache.get_many(missing))
            if len(known_tags) >= KNOWN_PAGES:
                known_tags.clear()
            known_tags[key] = tag_keys
    return found


def current_page(found: dict, key: str):
    """
    The page at ``key`` if none of what it shows changed since it was built:
    its own tags, and its related items' once it is older than
    ``PAGE_CACHE_RELATED_SECONDS``.
    """
    entry = found.get(key)
    if entry is None:
        return None
    numbers, related, built_at = entry[:3]
    if any(found.get(tag) != number for tag, number in numbers.items()):
        return None
    if time.time() - built_at >= settings.PAGE_CACHE_RELATED_SECONDS and any(
        found.get(tag) != number for tag, number in related.items()
    ):
        return None
    return entry


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


def is_storable(status: int, headers: list[tuple[str, str]]) -> bool:
    """
    A complete 200 page for everyone, as Django answered it. A view keeps a
    page out of the cache, as out of any shared cache, with
    ``Cache-Control: private``.
    """
    named = {}
    for name, value in headers:
        named.setdefault(name.lower(), []).append(value)
    cache_control = ",".join(named.get("cache-control", []))
    return (
        status == 200
        # CommonMiddleware gives every page Django holds whole its length; a
        # streamed answer has none.
        and "content-length" in named
        and "set-cookie" not in named
        # "Vary: Cookie" comes from looking at the (absent) session; the
        # cache never answers a request that carries one.
        and set(cc_delim_re.split(",".join(named.get("vary", ["Cookie"]))))
        <= {"Cookie"}
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
    return f"armcms:pages:{digest}", storable


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

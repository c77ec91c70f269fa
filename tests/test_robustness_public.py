"""
Every public URL, given hostile query strings, paths and headers, answers
200, 301, 302, 304, 400 or 404: never a server error, never an exception.
"""

from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import unquote_to_bytes, urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from armcms.content.models import HomePage
from tests.armcms.factories import CountryFactory, TopicFactory
from tests.client import Client
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.publications.factories import PublicationFactory, SeriesFactory
from tests.strategies import (
    NASTY_VALUES,
    cookie_values,
    latin1,
    query_strings,
    request_headers,
    robustness,
    segments,
)

pytestmark = pytest.mark.django_db

ALLOWED_STATUSES = frozenset({200, 301, 302, 304, 400, 404})
# robots.txt, healthz and media are GET-only views: HEAD gets 405 there, or
# 200 from the page cache (see test_head_is_answered_like_get).
GET_ONLY_PATHS = ("/robots.txt", "/healthz", "/media/")
ALLOWED_HOSTS = ["testserver", "www.example.org"]
PROBE = "<b id=probe>"
assert PROBE in NASTY_VALUES

# Paths with a {placeholder} for the part a visitor may change.
PUBLIC_PATHS = [
    "/",
    "/news/",
    "/press/",
    "/publications/",
    "/impact/",
    "/search/",
    "/news/{article}/",
    "/press/{press}/",
    "/publications/{publication}/",
    "/news/{draft}/",
    "/feeds/news/",
    "/feeds/news/atom/",
    "/feeds/press/",
    "/feeds/press/atom/",
    "/feeds/publications/",
    "/feeds/publications/atom/",
    "/sitemap.xml",
    "/sitemap-{section}.xml",
    "/robots.txt",
    "/healthz",
    "/media/{media}",
]
SLUGS = {
    "article": "miners-meet-in-medellin",
    "press": "gold-standard-launched",
    "publication": "mercury-free-mining",
    "draft": "draft-not-yet-public",
    "section": "news",
    "media": "images/2024/05/miners.png",
}
DETAILS = [("news", "article"), ("press", "press"), ("publications", "publication")]
FILTER_NAMES = ["topic", "country", "year", "kind", "series", "language", "page", "q"]
# Values that pass validation, so the filtered and paginated paths run too.
VALID_VALUES = [
    "mercury",
    "colombia",
    str(timezone.now().year),
    "report",
    "field-notes",
    "es",
    "1",
    "2",
    "gold",
    "miners medellín",
    PROBE,
]


@pytest.fixture
def content(settings):
    """A little of everything, created once per test (not once per example)."""
    settings.ALLOWED_HOSTS = ALLOWED_HOSTS
    mercury = TopicFactory(name="Mercury")
    # Topic names are stored as typed, control characters included.
    tailings = TopicFactory(name="Tailings\x0b dams")
    colombia = CountryFactory(name="Colombia", code="CO")
    series = SeriesFactory(title="Field notes")
    NewsArticleFactory(
        title="Miners meet in Medellín",
        slug=SLUGS["article"],
        topics=[mercury, tailings],
        countries=[colombia],
    )
    NewsArticleFactory(title="Older gold news", topics=[mercury])
    NewsArticleFactory(title="Draft", slug=SLUGS["draft"], draft=True)
    NewsArticleFactory(title="Scheduled", scheduled=True)
    PressReleaseFactory(title="Gold standard launched", slug=SLUGS["press"])
    PublicationFactory(
        title="Mercury-free mining",
        slug=SLUGS["publication"],
        series=series,
        part_number=1,
        topics=[mercury],
        published_at=timezone.now() - timedelta(days=400),
    )
    ImpactMetricFactory()
    HomePage.objects.create(intro="Welcome")
    default_storage.save(SLUGS["media"], ContentFile(b"\x89PNG\r\n\x1a\n"))


@contextmanager
def rolled_back():
    """Run one example in a savepoint and undo whatever it wrote."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def fetch(path: str, query: str = "", method: str = "GET", **headers):
    """
    Send ``path`` (percent-encoded) and the raw ``query`` as a WSGI server
    would: the path decoded to bytes, the query as it came. Any exception in
    the view propagates.
    """
    path_info = latin1(unquote_to_bytes(path))
    with rolled_back():
        return Client().generic(
            method, "/", PATH_INFO=path_info, QUERY_STRING=query, **headers
        )


def check(response) -> None:
    method, path = response.request["REQUEST_METHOD"], response.request["PATH_INFO"]
    request = f"{method} {path!r} ?{response.request['QUERY_STRING']!r}"
    allowed = ALLOWED_STATUSES
    if method == "HEAD" and path.startswith(GET_ONLY_PATHS):
        allowed = ALLOWED_STATUSES | {405}
    assert response.status_code in allowed, request
    if response.status_code in (301, 302):
        # No redirect leaves the site, however the path starts.
        assert urlsplit(response["Location"]).netloc in ("", *ALLOWED_HOSTS), request
    if response.status_code != 200 or response.streaming:
        return
    content_type = response.get("Content-Type", "")
    body = response.content
    assert PROBE.encode() not in body, f"unescaped input in {request}"
    if "html" in content_type or "xml" in content_type:
        assert b"\x00" not in body, request
    if "xml" in content_type and body:
        ElementTree.fromstring(body)


def public_paths(mutate: bool):
    """A public path, its slug kept, replaced or followed by random segments."""
    template = st.sampled_from(PUBLIC_PATHS)
    if not mutate:
        return template.map(lambda path: path.format(**SLUGS))

    @st.composite
    def mutated(draw):
        path = draw(template)
        how = draw(st.sampled_from(["replace", "append", "strip", "double"]))
        if how == "replace" and "{" in path:
            name = path[path.index("{") + 1 : path.index("}")]
            return path.format(**{**SLUGS, name: draw(segments)})
        path = path.format(**SLUGS)
        if how == "strip":
            return path.rstrip("/") or "/"
        if how == "double":
            return "/" + path
        extra = draw(st.lists(segments, min_size=1, max_size=3))
        return (
            path.rstrip("/") + "/" + "/".join(extra) + draw(st.sampled_from(["", "/"]))
        )

    return mutated()


@robustness(max_examples=100)
@given(
    path=public_paths(mutate=False),
    query=query_strings(FILTER_NAMES, st.sampled_from(VALID_VALUES)),
)
@example(path="/news/", query="page=" + "9" * 30)
@example(path="/news/", query=f"page={2**63}")
@example(path="/search/", query=f"q=gold&page={2**63}")
@example(path="/publications/", query="series=%00&topic=a%00b&year=%FF")
@example(path="/search/", query="q=%00%00%C3%28")
@example(path="/search/", query="q=" + "a" * 201)
@example(path="/news/", query="a=1&" * 1001)
def test_public_urls_survive_hostile_query_strings(content, path, query):
    check(fetch(path, query))


@robustness(max_examples=100)
@given(path=public_paths(mutate=True), method=st.sampled_from(["GET", "HEAD"]))
@example(path="//evil.example", method="GET")
@example(path="/media/../settings.py", method="GET")
@example(path="/media/%00", method="GET")
@example(path="/sitemap-%00.xml", method="GET")
def test_public_urls_survive_hostile_paths(content, path, method):
    check(fetch(path, method=method))


@robustness(max_examples=100)
@given(
    path=public_paths(mutate=False),
    query=st.one_of(st.just(""), query_strings(FILTER_NAMES, st.just("1"))),
    headers=request_headers(ALLOWED_HOSTS),
)
@example(path="/news/", query="", headers={"HTTP_HOST": "evil.example"})
def test_public_urls_survive_hostile_headers(content, path, query, headers):
    check(fetch(path, query, **headers))


@robustness(max_examples=50)
@given(
    path=st.sampled_from(["/", "/news/", *(f"/{s}/{SLUGS[k]}/" for s, k in DETAILS)]),
    session_key=cookie_values,
)
def test_public_pages_survive_forged_session_cookies(content, path, session_key):
    cookie = f"{django_settings.SESSION_COOKIE_NAME}={session_key}"
    headers = {"HTTP_COOKIE": latin1(cookie.encode("utf-8"))}
    check(fetch(path, **headers))


@pytest.mark.parametrize(
    "path", ["/robots.txt", "/healthz", f"/media/{SLUGS['media']}"]
)
def test_head_is_answered_like_get(content, path):
    assert fetch(path, method="HEAD").status_code == 200


@pytest.mark.parametrize("path", [f"/{s}/{SLUGS[k]}/" for s, k in DETAILS])
def test_a_session_key_with_nul_is_ignored(content, path):
    response = fetch(path, HTTP_COOKIE='sessionid="aaaaaaaa\\000"')
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/feeds/news/", "/feeds/news/atom/"])
def test_feeds_drop_control_characters_from_topic_names(content, path):
    response = fetch(path)
    assert response.status_code == 200
    assert b"Tailings dams" in response.content
    ElementTree.fromstring(response.content)


@pytest.mark.parametrize("page", [str(2**63), "9" * 30])
def test_a_page_beyond_any_offset_is_not_found(content, page):
    assert fetch("/news/", f"page={page}").status_code == 404

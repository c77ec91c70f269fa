"""
Each change makes stale exactly the cached pages that show what it changed:
an item's own page and the pages listing its type (lists, the homepage, feeds,
sitemaps, page sections); the pages showing it among related items after
PAGE_CACHE_RELATED_SECONDS; every page for what every page shows (menus,
the site's identity, topics). Every other page stays cached. And whatever
changed, no page served from the cache differs from the page built afresh.
"""

import threading
import time
import uuid
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import RequestFactory

from armcms.content.models import SiteIdentity, Status
from armcms.pagecache.tags import invalidate_now
from armcms.pagecache.wsgi import CachedPages
from impact.models import ImpactMetric
from pages.models import MenuItem, Section
from tests.armcms.factories import TopicFactory, library_image
from tests.armcms.pagecache.test_cache import wsgi_get
from tests.client import Client
from tests.conftest import redis_reachable
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.pages.factories import PageFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

HTML_PAGES = {
    "home", "news", "first", "second", "press", "press release",
    "publications", "publication", "impact", "about", "team", "search",
}  # fmt: skip
NEWS_LISTS = {"home", "news", "about", "news feed", "sitemap", "news sitemap"}
PRESS_LISTS = {"home", "press", "press feed", "sitemap", "press sitemap"}


@pytest.fixture
def site():
    gender, water = TopicFactory(name="Gender"), TopicFactory(name="Water")
    first = NewsArticleFactory(title="First article", topics=[gender])
    second = NewsArticleFactory(title="Second article", topics=[gender])
    press = PressReleaseFactory(title="A press release")
    publication = PublicationFactory(title="A report")
    about = PageFactory(title="About us", slug="about-us")
    Section.objects.create(
        page=about, kind="latest", listing="news.newsarticle", count=3
    )
    team = PageFactory(title="Our team", slug="team")
    MenuItem.objects.create(menu=MenuItem.Menu.MAIN, page=about)
    ImpactMetric.objects.create(label="Miners reached", value=100)
    urls = {
        "home": "/",
        "news": "/news/",
        "first": first.get_absolute_url(),
        "second": second.get_absolute_url(),
        "press": "/press/",
        "press release": press.get_absolute_url(),
        "publications": "/publications/",
        "publication": publication.get_absolute_url(),
        "impact": "/impact/",
        "about": about.get_absolute_url(),
        "team": team.get_absolute_url(),
        "search": "/search/",
        "news feed": "/feeds/news/",
        "press feed": "/feeds/press/",
        "sitemap": "/sitemap.xml",
        "news sitemap": "/sitemap-news.xml",
        "press sitemap": "/sitemap-press.xml",
        "pages sitemap": "/sitemap-pages.xml",
    }
    return SimpleNamespace(
        urls=urls,
        gender=gender,
        water=water,
        first=first,
        second=second,
        press=press,
        team=team,
    )


def retitle(item):
    item.title = f"{item.title}, retitled"
    item.save()


def bulk_unpublish(item):
    from django.contrib.admin.sites import site as admin_site

    request = RequestFactory().post("/")
    request.user = User.objects.create_superuser("chief", "chief@example.org", "x")
    admin_site._registry[type(item)].update_selected(
        request, type(item).objects.filter(pk=item.pk), "Unpublished", status="draft"
    )


def unpublish(item):
    item.status = Status.DRAFT
    item.save()


def upload_image(site):
    library_image("new-upload.jpg")


def rename_topic(site):
    site.gender.name = "Gender equality"
    site.gender.save()


def rename_site(site):
    identity = SiteIdentity.load()
    identity.name = "Renamed alliance"
    identity.save()


# (what changes, the pages it makes stale at once, the pages showing it
# among related items)
CHANGES = {
    "an article's title": (
        lambda site: retitle(site.first),
        NEWS_LISTS | {"first"},
        {"second"},
    ),
    "a new article": (
        lambda site: NewsArticleFactory(title="Third article"),
        NEWS_LISTS,
        {"first", "second"},
    ),
    "an article deleted": (
        lambda site: site.first.delete(),
        NEWS_LISTS | {"first"},
        {"second"},
    ),
    "an article filed under a topic": (
        lambda site: site.second.topics.add(site.water),
        NEWS_LISTS | {"second"},
        {"first"},
    ),
    "an article unpublished in bulk": (
        lambda site: bulk_unpublish(site.second),
        NEWS_LISTS | {"second"},
        {"first"},
    ),
    "an article unpublished": (
        lambda site: unpublish(site.first),
        NEWS_LISTS | {"first"},
        {"second"},
    ),
    "a press release's title": (
        lambda site: retitle(site.press),
        PRESS_LISTS | {"press release"},
        set(),
    ),
    # Menus link pages by their titles: every page with a menu.
    "a page's title": (
        lambda site: retitle(site.team),
        HTML_PAGES | {"sitemap", "pages sitemap"},
        set(),
    ),
    "a new image in the library": (upload_image, set(), set()),
    "a topic renamed": (rename_topic, "everything", set()),
    "the site's name": (rename_site, "everything", set()),
}


@pytest.mark.parametrize(
    ("change", "related_seconds"),
    [
        (change, seconds)
        for change, (_make, _stale, related) in CHANGES.items()
        # Without related pages, no delay makes a difference.
        for seconds in ([3600, 0] if related else [3600])
    ],
)
def test_a_change_makes_stale_the_pages_showing_it_and_no_other(
    site, change, related_seconds, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_RELATED_SECONDS = related_seconds
    make, stale, related = CHANGES[change]
    if stale == "everything":
        stale = set(site.urls)
    if related_seconds == 0:
        stale = stale | related
    for url in site.urls.values():
        Client().get(url)
        assert Client().get(url)["X-Page-Cache"] == "hit", url

    with django_capture_on_commit_callbacks(execute=True):
        make(site)

    served = {name: Client().get(url) for name, url in site.urls.items()}
    rebuilt = {
        name
        for name, response in served.items()
        if response.get("X-Page-Cache") != "hit"
    }
    assert rebuilt == stale
    # Served from the cache or not, each page is what Django builds now;
    # only a related block may lag, and only while it is young.
    settings.PAGE_CACHE_SECONDS = 0
    lagging = related if related_seconds else set()
    for name, url in site.urls.items():
        if name in lagging:
            continue
        fresh = Client().get(url)
        assert (served[name].status_code, served[name].content) == (
            fresh.status_code,
            fresh.content,
        ), name


# A change while a page is being built, and many visitors at once.


@pytest.mark.django_db(transaction=True)
def test_a_page_built_across_a_change_is_answered_but_not_kept():
    """
    A change counted while the page was being built (from rows that may be
    older than it) leaves the page out of the cache, even though the tags'
    numbers read afterwards are the new ones.
    """
    NewsArticleFactory(title="Read before the change")
    django_application = get_wsgi_application()

    def changed_meanwhile(environ, start_response):
        body = django_application(environ, start_response)
        invalidate_now({"news.newsarticle"})
        return body

    during = wsgi_get(CachedPages(changed_meanwhile), "/news/")
    assert during[1]["X-Page-Cache"] == "miss"
    application = CachedPages(django_application)
    assert wsgi_get(application, "/news/")[1]["X-Page-Cache"] == "miss"
    assert wsgi_get(application, "/news/")[1]["X-Page-Cache"] == "hit"


@pytest.mark.skipif(not redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_one_request_builds_a_page_and_the_others_wait_for_it(settings):
    """
    Visitors asking at once for a page that is not cached: one builds it,
    the others are answered with that page once it is stored. (In Redis,
    where taking the page to build is one atomic command; the file cache
    takes it in two steps, and two processes may both build.)
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "armcms.pagecache.backends.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/10",
            "KEY_PREFIX": f"test-herd-{uuid.uuid4().hex}",
        }
    }
    NewsArticleFactory(title="Asked for by many")
    django_application = get_wsgi_application()
    builds = []

    def slow(environ, start_response):
        builds.append(environ["PATH_INFO"])
        time.sleep(0.5)
        return django_application(environ, start_response)

    application = CachedPages(slow)
    visitors = 6
    together = threading.Barrier(visitors)
    answers = []

    def visit():
        together.wait()
        try:
            answers.append(wsgi_get(application, "/news/"))
        finally:
            connection.close()

    threads = [threading.Thread(target=visit) for _ in range(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert builds == ["/news/"]
    assert sorted(headers["X-Page-Cache"] for _status, headers, _body in answers) == [
        *["hit"] * (visitors - 1),
        "miss",
    ]
    assert len({body for _status, _headers, body in answers}) == 1
    assert "Asked for by many" in answers[0][2]


@pytest.mark.django_db(transaction=True)
def test_a_waiting_request_builds_the_page_when_the_build_fails():
    """A build that ends without a page (an error) lets the next one try."""
    NewsArticleFactory(title="Second try")
    django_application = get_wsgi_application()
    first = threading.Event()

    def failing_once(environ, start_response):
        if not first.is_set():
            first.set()
            time.sleep(0.3)
            start_response("500 Internal Server Error", [("Content-Length", "0")])
            return [b""]
        return django_application(environ, start_response)

    application = CachedPages(failing_once)
    answers = []

    def visit():
        try:
            answers.append(wsgi_get(application, "/news/"))
        finally:
            connection.close()

    failed = threading.Thread(target=visit)
    failed.start()
    assert first.wait(10)
    visit()
    failed.join(10)
    statuses = sorted(status for status, _headers, _body in answers)
    assert statuses == ["200 OK", "500 Internal Server Error"]

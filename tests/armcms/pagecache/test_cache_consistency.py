"""
The page cache stays true to the database: a change shows once its
transaction commits, whatever request comes in between, and the addresses
visitors make up never fill the cache.
"""

import io
import random
import string
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.sites import site as admin_site
from django.contrib.auth.models import User
from django.contrib.redirects.models import Redirect
from django.core.cache import cache
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from armcms.content.models import Status, Topic
from armcms.pagecache import pages as page_cache
from armcms.pagecache import tags
from armcms.pagecache.tags import COUNTER_KEY, change_counter
from armcms.pagecache.wsgi import CachedPages
from news.models import NewsArticle
from tests import FIXTURES
from tests.armcms.factories import TopicFactory
from tests.client import Client
from tests.news.factories import NewsArticleFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
WORDPRESS_EXPORT = FIXTURES / "wordpress"


def pending_bumps(callbacks) -> int:
    return sum(
        getattr(callback, "func", None) is tags.invalidate_now for callback in callbacks
    )


# A change invalidates after its transaction commits.


def test_a_save_bumps_the_version_once_its_transaction_commits(
    django_capture_on_commit_callbacks,
):
    article = NewsArticleFactory()
    before = change_counter()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        article.title = "Changed"
        article.save()
        article.topics.add(TopicFactory())
        assert change_counter() == before
    assert pending_bumps(callbacks) >= 1
    for callback in callbacks:
        callback()
    assert change_counter() > before


def test_a_rolled_back_change_does_not_bump(django_capture_on_commit_callbacks):
    article = NewsArticleFactory()
    before = change_counter()
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        article.title = "Never saved"
        article.save()
        raise RuntimeError
    assert pending_bumps(callbacks) == 0
    assert change_counter() == before


@pytest.mark.django_db(transaction=True)
def test_a_change_outside_a_transaction_bumps_at_once():
    # Outside any transaction (a shell, a command in autocommit) the save
    # is already committed when the signal runs.
    article = NewsArticleFactory()
    before = change_counter()
    change_title(article)
    assert change_counter() > before


def test_a_bulk_action_bumps_once_it_commits(
    admin_user, django_capture_on_commit_callbacks
):
    article = NewsArticleFactory()
    request = RequestFactory().post("/")
    request.user = admin_user
    model_admin = admin_site._registry[NewsArticle]
    before = change_counter()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        model_admin.update_selected(
            request,
            NewsArticle.objects.filter(pk=article.pk),
            "Unpublished",
            status=Status.DRAFT,
        )
        assert change_counter() == before
    assert pending_bumps(callbacks) >= 1
    for callback in callbacks:
        callback()
    assert change_counter() > before


def test_a_wordpress_import_bumps_once_it_commits(django_capture_on_commit_callbacks):
    before = change_counter()
    with django_capture_on_commit_callbacks() as callbacks:
        call_command(
            "import_wordpress",
            str(WORDPRESS_EXPORT / "export.xml"),
            "--uploads",
            str(WORDPRESS_EXPORT / "uploads"),
            "--no-progress",
            stdout=io.StringIO(),
        )
        assert NewsArticle.objects.exists()
        assert change_counter() == before
    assert pending_bumps(callbacks) >= 1
    for callback in callbacks:
        callback()
    assert change_counter() > before


def test_a_restore_bumps_once_it_commits(tmp_path, django_capture_on_commit_callbacks):
    NewsArticleFactory(title="Archived")
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = change_counter()
    with django_capture_on_commit_callbacks() as callbacks:
        call_command("restore", str(archive), "--replace", stdout=io.StringIO())
        assert change_counter() == before
    assert pending_bumps(callbacks) >= 1
    for callback in callbacks:
        callback()
    assert change_counter() > before


def change_title(article):
    article.title = "New title"
    article.save()


def unpublish(article):
    article.status = Status.DRAFT
    article.save()


def bulk_unpublish(article):
    request = RequestFactory().post("/")
    request.user = User.objects.get(username="editor-in-chief")
    admin_site._registry[NewsArticle].update_selected(
        request,
        NewsArticle.objects.filter(pk=article.pk),
        "Unpublished",
        status="draft",
    )


@pytest.mark.skipif(
    ON_SQLITE,
    reason="SQLite's shared in-memory test database locks a table while a "
    "transaction writes it, so no second connection can read the old rows "
    "meanwhile; CI runs this on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("change", "old", "new"),
    [
        (change_title, "Old title", "New title"),
        (unpublish, "Old title", None),
        (bulk_unpublish, "Old title", None),
    ],
)
def test_a_request_during_the_transaction_cannot_keep_the_old_page(change, old, new):
    """
    One connection changes an item and has not committed; another serves the
    page meanwhile (the old rows: it fills the cache with them). Once the
    change commits, the next request shows it.
    """
    User.objects.create_superuser("editor-in-chief", "chief@example.org", "x")
    article = NewsArticleFactory(title="Old title")
    url = article.get_absolute_url()
    saved, served = threading.Event(), threading.Event()
    failures = []

    def editor():
        try:
            with transaction.atomic():
                change(NewsArticle.objects.get(pk=article.pk))
                saved.set()
                assert served.wait(10)
        except Exception as error:  # reported by the main thread
            failures.append(error)
            saved.set()
        finally:
            connection.close()

    thread = threading.Thread(target=editor)
    thread.start()
    assert saved.wait(10)
    visitor = Client()
    during = visitor.get(url)
    served.set()
    thread.join(10)
    assert not failures
    # Served meanwhile from the rows committed so far, and kept in the cache.
    assert during.status_code == 200
    assert old in during.content.decode()
    assert during["X-Page-Cache"] == "miss"

    after = Client().get(url)
    if new is None:
        assert after.status_code == 404
    else:
        assert after.status_code == 200
        assert new in after.content.decode()
        assert old not in after.content.decode()
    # And it stays so: the next visit is the new page, from the cache.
    again = Client().get(url)
    assert again.status_code == after.status_code
    assert again.content == after.content


def test_a_lost_counter_restarts_from_the_clock_and_changes_keep_showing(
    client, django_capture_on_commit_callbacks
):
    """
    An evicted change counter (Redis's allkeys-lru) is set again from the
    clock, above any number a build in progress may hold, and changes keep
    showing.
    """
    article = NewsArticleFactory(title="Before eviction")
    client.get("/")
    old_version = change_counter()
    cache.delete(COUNTER_KEY)
    assert client.get("/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        change_title(article)
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "New title" in response.content.decode()
    assert change_counter() > old_version
    assert client.get("/")["X-Page-Cache"] == "hit"


# Query parameters a page does not read make no new entries.


def cache_entries(settings) -> list[Path]:
    return list(Path(settings.CACHES["default"]["LOCATION"]).glob("*.djcache"))


def junk_query() -> str:
    def word(size):
        return "".join(random.choices(string.ascii_lowercase + string.digits, k=size))

    return "&".join(
        random.choice(
            [
                f"utm_source={word(8)}",
                f"utm_campaign={word(12)}",
                f"fbclid={word(30)}",
                f"gclid={word(24)}",
                f"{word(5)}={word(10)}",
                f"ref={word(6)}",
            ]
        )
        for _ in range(random.randint(1, 3))
    )


def test_made_up_query_parameters_make_no_new_entries(client, settings):
    topic = TopicFactory(name="Gender")
    article = NewsArticleFactory(title="Only one copy", topics=[topic])
    pages = ["/", "/news/", article.get_absolute_url(), "/news/?topic=gender"]
    for page in pages:
        assert client.get(page).status_code == 200
    entries = len(cache_entries(settings))
    hits = 0
    for number in range(200):
        page = pages[number % len(pages)]
        glue = "&" if "?" in page else "?"
        response = client.get(f"{page}{glue}{junk_query()}")
        assert response.status_code == 200
        assert "Only one copy" in response.content.decode()
        hits += response["X-Page-Cache"] == "hit"
    assert hits == 200
    assert len(cache_entries(settings)) == entries
    # The four pages, the change counter, the next-transition time, the
    # time of the next scheduled change, the numbers of the tags the pages
    # show (the site, its pages (menus), the three types the homepage lists,
    # and the article), the article's card on the homepage and on the list,
    # and what pages share: the site's identity, the menus, the homepage's
    # settings and figures, the news list's filter choices.
    assert entries <= 7 + 6 + 2 + 5


def test_a_tracked_address_gets_the_plain_page_and_never_stores_its_own(client):
    topic = TopicFactory(name="Gender")
    NewsArticleFactory.create_batch(13, topics=[topic])
    # Built as asked (its links keep the visitor's parameters), not stored.
    first = client.get("/news/?topic=gender&utm_source=newsletter")
    assert first.status_code == 200
    assert first.get("X-Page-Cache") is None
    assert "utm_source=newsletter&amp;page=2" in first.content.decode()
    plain = client.get("/news/?topic=gender")
    assert plain["X-Page-Cache"] == "miss"
    tracked = client.get("/news/?utm_source=other&topic=gender")
    assert tracked["X-Page-Cache"] == "hit"
    assert tracked.content == plain.content
    assert "utm_source" not in tracked.content.decode()


def test_equal_page_numbers_share_an_entry_and_missing_pages_are_not_stored(
    client, settings
):
    NewsArticleFactory.create_batch(13)
    assert client.get("/news/?page=2")["X-Page-Cache"] == "miss"
    for same in ["/news/?page=02", "/news/?page=2&page=2", "/news/?page=+2"]:
        assert client.get(same)["X-Page-Cache"] == "hit"
    # A second list built keeps the filter choices (one entry a language).
    assert client.get("/news/")["X-Page-Cache"] == "miss"
    entries = len(cache_entries(settings))
    for page in ["3", "99999", "003", "0", "-1", "x", "last"]:
        assert client.get(f"/news/?page={page}").status_code == 404
    assert len(cache_entries(settings)) == entries


def test_filter_values_a_list_cannot_use_are_not_stored(client, settings):
    NewsArticleFactory()
    # The second list built keeps the filter choices (one entry a language).
    client.get("/news/")
    client.get("/news/?page=1")
    entries = len(cache_entries(settings))
    for _ in range(5):
        response = client.get(f"/news/?topic={random.random()}&year=x{random.random()}")
        assert response.status_code == 200
        assert response.get("X-Page-Cache") is None
    assert len(cache_entries(settings)) == entries


def test_empty_filters_lead_to_the_address_without_them(client):
    year = NewsArticleFactory().published_at.year
    # A redirect, never stored: the page itself is cached at its own address.
    submitted = client.get("/news/?year=&topic=&country=")
    assert (submitted.status_code, submitted["Location"]) == (302, "/news/")
    assert submitted.get("X-Page-Cache") is None
    assert client.get("/news/")["X-Page-Cache"] == "miss"
    # Once the plain list is stored, it answers for the empty filters too.
    assert client.get("/news/?year=&topic=&country=")["X-Page-Cache"] == "hit"
    assert client.get(f"/news/?year={year}&topic=&country=")["Location"] == (
        f"/news/?year={year}"
    )
    assert client.get(f"/news/?year={year}")["X-Page-Cache"] == "miss"
    assert client.get(f"/news/?year={year}")["X-Page-Cache"] == "hit"


def test_searches_are_not_cached_and_the_search_page_is(client, settings):
    PublicationFactory(title="Mining safety report")
    for _ in range(3):
        response = client.get(f"/search/?q=mining+{random.random()}&utm_medium=x")
        assert response.status_code == 200
        assert response.get("X-Page-Cache") is None
    assert client.get("/search/")["X-Page-Cache"] == "miss"
    assert client.get("/search/?utm_medium=email&page=7")["X-Page-Cache"] == "hit"
    assert client.get("/search/?q=")["X-Page-Cache"] == "hit"


def test_old_wordpress_addresses_still_redirect_when_the_homepage_is_cached(client):
    NewsArticleFactory()
    Redirect.objects.create(
        site_id=settings.SITE_ID, old_path="/?p=7", new_path="/news/"
    )
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    response = client.get("/?p=7")
    assert response.status_code == 301
    assert response["Location"] == "/news/"
    assert client.get("/?p=8").get("X-Page-Cache") is None  # the homepage, built


def test_pages_of_views_that_declare_nothing_are_cached_only_without_a_query(
    client, settings
):
    client.get("/robots.txt")
    assert client.get("/robots.txt")["X-Page-Cache"] == "hit"
    entries = len(cache_entries(settings))
    response = client.get("/robots.txt?x=1")
    assert response.status_code == 200
    assert response.get("X-Page-Cache") is None
    assert len(cache_entries(settings)) == entries


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/news/",
        "/press/",
        "/publications/",
        "/impact/",
        "/search/",
        "/feeds/news/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/es/news/",
    ],
)
def test_every_public_page_says_which_query_parameters_it_reads(url):
    assert page_cache.query_parameters(url) is not None


def test_staff_get_the_address_as_given(admin_client):
    NewsArticleFactory.create_batch(13, topics=[TopicFactory(name="Gender")])
    html = admin_client.get("/news/?topic=gender&utm_source=x").content.decode()
    assert "utm_source=x" in html


@pytest.mark.django_db(transaction=True)
def test_cached_pages_answers_a_tracked_address_from_the_plain_page():
    from tests.armcms.pagecache.test_cache import wsgi_get

    application = CachedPages(get_wsgi_application())
    NewsArticleFactory(
        title="Answered early", topics=[Topic.objects.create(name="Gender")]
    )
    plain = wsgi_get(application, "/news/", QUERY_STRING="topic=gender")
    tracked = wsgi_get(
        application, "/news/", QUERY_STRING="fbclid=b&topic=gender&utm_source=c"
    )
    assert plain[1]["X-Page-Cache"] == "miss"
    assert tracked[1]["X-Page-Cache"] == "hit"
    assert tracked[2] == plain[2]
    assert "Answered early" in tracked[2]
    # Search results go to Django every time.
    search = wsgi_get(application, "/search/", QUERY_STRING="q=early")
    assert search[0] == "200 OK"
    assert "X-Page-Cache" not in search[1]


# The health check under concurrent checks.


@pytest.mark.django_db(transaction=True)
def test_concurrent_health_checks_all_answer_ok():
    statuses = []

    def check():
        client = Client()
        try:
            for _ in range(25):
                statuses.append(client.get(reverse("healthz")).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=check) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(statuses) == 200
    assert set(statuses) == {200}

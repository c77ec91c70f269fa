"""
The shared page cache: hits, misses, and every way content can change. The
tests run inside a transaction that never commits, so a change's bump (made
when its transaction commits) is run by django_capture_on_commit_callbacks.
"""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.signals import request_started
from django.core.wsgi import get_wsgi_application
from django.urls import reverse
from django.utils import timezone

from armcms.pagecache import wsgi as pagecache_wsgi
from armcms.pagecache.tags import tag_key
from armcms.pagecache.wsgi import CachedPages
from tests.armcms.factories import TopicFactory
from tests.conftest import redis_reachable
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db


def get(client, url="/"):
    response = client.get(url)
    return response, response.content.decode()


def test_second_visit_is_a_hit(client):
    NewsArticleFactory(title="Cached news")
    first, _ = get(client)
    second, html = get(client)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "Cached news" in html


def test_a_save_shows_on_the_next_request(client, django_capture_on_commit_callbacks):
    article = NewsArticleFactory(title="Old title")
    get(client)
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "New title"
        article.save()
    response, html = get(client)
    assert response["X-Page-Cache"] == "miss"
    assert "New title" in html


def test_a_delete_shows_on_the_next_request(client, django_capture_on_commit_callbacks):
    article = NewsArticleFactory(title="Going away")
    get(client, "/news/")
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert "Going away" not in get(client, "/news/")[1]


def test_a_topic_change_shows_on_the_next_request(
    client, django_capture_on_commit_callbacks
):
    topic = TopicFactory(name="Gender")
    NewsArticleFactory(title="Already tagged", topics=[topic])
    article = NewsArticleFactory(title="Tagged")
    assert "Tagged" not in get(client, "/news/?topic=gender")[1]
    with django_capture_on_commit_callbacks(execute=True):
        article.topics.add(topic)
    assert "Tagged" in get(client, "/news/?topic=gender")[1]


def test_a_bulk_action_shows_on_the_next_request(
    client, admin_client, django_capture_on_commit_callbacks
):
    draft = NewsArticleFactory(title="Bulk published", draft=True)
    assert "Bulk published" not in get(client)[1]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:news_newsarticle_changelist"),
            {"action": "publish", "_selected_action": [draft.pk]},
        )
    assert "Bulk published" in get(client)[1]


def test_a_scheduled_item_ends_the_cached_copy_at_its_time(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        NewsArticleFactory(
            title="Goes live soon", published_at=start + timedelta(minutes=5)
        )
        assert "Goes live soon" not in get(client)[1]
        assert get(client)[0]["X-Page-Cache"] == "hit"
    with time_machine.travel(start + timedelta(minutes=5, seconds=1), tick=False):
        response, html = get(client)
        assert response["X-Page-Cache"] == "miss"
        assert "Goes live soon" in html


def test_staff_and_previews_bypass_the_cache(admin_client):
    draft = NewsArticleFactory(draft=True)
    for url in ["/", draft.get_absolute_url()]:
        admin_client.get(url)
        assert "X-Page-Cache" not in admin_client.get(url)


@pytest.mark.parametrize("url", ["/healthz", "/search/?q=x&page=9", "/no-such-page/"])
def test_uncacheable_answers_are_not_stored(client, url):
    client.get(url)
    assert client.get(url).get("X-Page-Cache") != "hit"


def test_post_requests_are_never_served_from_the_cache(client):
    get(client, "/news/")
    assert client.post("/news/").status_code == 405


def test_a_lost_tag_number_makes_its_pages_stale(client):
    NewsArticleFactory(title="Before")
    get(client)
    cache.delete(tag_key("news.newsarticle"))
    assert get(client)[0]["X-Page-Cache"] == "miss"
    assert get(client)[0]["X-Page-Cache"] == "hit"


def test_pages_are_served_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    article = NewsArticleFactory(title="Served from the database")
    response, html = get(client)
    assert response.status_code == 200
    assert "Served from the database" in html
    assert "X-Page-Cache" not in response
    article.title = "Still saved"
    article.save()
    assert "Still saved" in get(client)[1]
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json() == {
        "status": "unavailable",
        "database": "ok",
        "cache": "unavailable",
    }


def test_health_is_ok_when_everything_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.skipif(not redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_redis_cache_shares_one_client_and_serves_pages(client, settings):
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "armcms.pagecache.backends.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/10",
            "KEY_PREFIX": f"test-{timezone.now().timestamp()}",
        }
    }
    backend = caches["default"]
    backend.set("probe", 1)
    assert backend.get("probe") == 1
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
    NewsArticleFactory(title="From Redis")
    assert get(client)[0]["X-Page-Cache"] == "miss"
    response, html = get(client)
    assert response["X-Page-Cache"] == "hit"
    assert "From Redis" in html
    backend.clear()


def wsgi_get(application, path="/", **environ):
    """A GET through the WSGI application that gunicorn serves."""
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(
        application(
            {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": path,
                "QUERY_STRING": "",
                "SERVER_NAME": "testserver",
                "SERVER_PORT": "80",
                "wsgi.url_scheme": "http",
                "wsgi.input": io.BytesIO(),
                "wsgi.errors": io.StringIO(),
                **environ,
            },
            start_response,
        )
    )
    return answer["status"], answer["headers"], body.decode()


@pytest.mark.django_db(transaction=True)
def test_hits_are_answered_before_django_builds_a_request():
    application = CachedPages(get_wsgi_application())
    article = NewsArticleFactory(title="Answered early")
    started = []

    def count(**kwargs):
        started.append(kwargs)

    request_started.connect(count)
    try:
        first = wsgi_get(application)
        second = wsgi_get(application)
        signed_in = wsgi_get(application, HTTP_COOKIE="sessionid=abc")
        article.title = "Changed"
        article.save()
        after_save = wsgi_get(application)
    finally:
        request_started.disconnect(count)
    assert first[1]["X-Page-Cache"] == "miss"
    assert second[0] == "200 OK"
    assert second[1]["X-Page-Cache"] == "hit"
    # The stored page carries what Django's middleware added on its way out.
    assert second[1]["X-Content-Type-Options"] == "nosniff"
    assert second[2] == first[2]
    assert "Answered early" in second[2]
    assert "X-Page-Cache" not in signed_in[1]
    assert after_save[1]["X-Page-Cache"] == "miss"
    assert "Changed" in after_save[2]
    # Django ran for the first visit, the visitor with a session and the
    # visit after the save; the hit never reached it.
    assert len(started) == 3


@pytest.mark.django_db(transaction=True)
def test_a_miss_works_out_its_key_and_asks_the_cache_once(monkeypatch):
    application = CachedPages(get_wsgi_application())
    NewsArticleFactory()
    calls = {"page_address": 0, "lookup": 0}
    for name in calls:
        monkeypatch.setattr(
            pagecache_wsgi, name, counted(calls, name, getattr(pagecache_wsgi, name))
        )

    # Built as asked, and not stored: it carries someone's parameters.
    tracked = wsgi_get(application, "/news/", QUERY_STRING="page=1&utm_source=x")
    assert tracked[0] == "200 OK"
    assert "X-Page-Cache" not in tracked[1]
    assert calls == {"page_address": 1, "lookup": 1}
    first = wsgi_get(application, "/news/", QUERY_STRING="page=1")
    assert first[1]["X-Page-Cache"] == "miss"
    assert calls == {"page_address": 2, "lookup": 2}
    again = wsgi_get(application, "/news/", QUERY_STRING="page=1")
    assert again[1]["X-Page-Cache"] == "hit"
    assert calls == {"page_address": 3, "lookup": 3}


def counted(calls: dict, name: str, function):
    def call(*args, **kwargs):
        calls[name] += 1
        return function(*args, **kwargs)

    return call


@pytest.mark.django_db(transaction=True)
def test_a_host_django_refuses_is_never_cached():
    application = CachedPages(get_wsgi_application())
    for _ in range(2):
        status, headers, _body = wsgi_get(application, HTTP_HOST="evil.example")
        assert status.startswith("400")
        assert "X-Page-Cache" not in headers


@pytest.mark.parametrize(
    "headers, stored",
    [
        ([("Content-Length", "4")], True),
        # Streamed: Django gives a page it holds whole its length.
        ([], False),
        ([("Content-Length", "4"), ("Set-Cookie", "seen=1")], False),
        ([("Content-Length", "4"), ("Vary", "Accept-Language")], False),
        ([("Content-Length", "4"), ("Vary", "Cookie")], True),
        ([("Content-Length", "4"), ("Cache-Control", "private")], False),
        ([("Content-Length", "4"), ("cache-control", "max-age=0, no-store")], False),
    ],
)
def test_only_a_complete_page_for_everyone_is_stored(headers, stored):
    built = []

    def application(environ, start_response):
        built.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain"), *headers])
        return [b"pa", b"ge"]

    pages = CachedPages(application)
    answers = [wsgi_get(pages) for _ in range(2)]
    assert [body for _status, _headers, body in answers] == ["page", "page"]
    assert len(built) == (1 if stored else 2)
    assert answers[1][1].get("X-Page-Cache") == ("hit" if stored else None)

"""The shared page cache: hits, misses, and every way content can change."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from armcms.cache import VERSION_KEY
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


def test_a_save_shows_on_the_next_request(client):
    article = NewsArticleFactory(title="Old title")
    get(client)
    article.title = "New title"
    article.save()
    response, html = get(client)
    assert response["X-Page-Cache"] == "miss"
    assert "New title" in html


def test_a_delete_shows_on_the_next_request(client):
    article = NewsArticleFactory(title="Going away")
    get(client, "/news/")
    article.delete()
    assert "Going away" not in get(client, "/news/")[1]


def test_a_topic_change_shows_on_the_next_request(client):
    topic = TopicFactory(name="Gender")
    NewsArticleFactory(title="Already tagged", topics=[topic])
    article = NewsArticleFactory(title="Tagged")
    assert "Tagged" not in get(client, "/news/?topic=gender")[1]
    article.topics.add(topic)
    assert "Tagged" in get(client, "/news/?topic=gender")[1]


def test_a_bulk_action_shows_on_the_next_request(client, admin_client):
    draft = NewsArticleFactory(title="Bulk published", draft=True)
    assert "Bulk published" not in get(client)[1]
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


def test_a_lost_version_starts_from_a_new_number(client):
    NewsArticleFactory(title="Before")
    get(client)
    cache.delete(VERSION_KEY)
    assert get(client)[0]["X-Page-Cache"] == "miss"


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
            "BACKEND": "armcms.cache_backends.RedisCache",
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

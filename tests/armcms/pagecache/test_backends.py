"""
The Redis backend leans on two private names of Django's: the ``_class`` its
RedisCache builds a client from, and the client's ``_get_connection_pool``.
These tests fail the day Django renames either, instead of the speed-up and
the fail-fast guard silently going away.
"""

import socket

import pytest
import redis

from armcms.pagecache.backends import (
    FailFastRedis,
    RedisCache,
    RedisCacheClient,
    ServerMarkedDown,
)


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), 0.5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_answers(), reason="needs Redis on 6379")


@pytest.fixture
def backend():
    cache = RedisCache("redis://127.0.0.1:6379/14", {"KEY_PREFIX": "backend-test"})
    yield cache
    cache.clear()


def test_django_builds_our_client(backend):
    assert type(backend._cache) is RedisCacheClient


def test_every_call_shares_one_fail_fast_client_per_pool(backend):
    backend.set("key", "value")
    assert backend.get("key") == "value"
    clients = backend._cache._clients
    assert len(clients) == 1
    (client,) = clients.values()
    assert isinstance(client, FailFastRedis)
    assert backend._cache.get_client(write=True) is client
    assert backend._cache.get_client(write=False) is client


def test_a_failed_server_is_left_alone_for_a_moment():
    cache = RedisCache(
        "redis://127.0.0.1:1/0",
        {"OPTIONS": {"down_for": 60, "socket_connect_timeout": 0.2}},
    )
    client = cache._cache.get_client(write=True)
    with pytest.raises(redis.ConnectionError):
        client.ping()
    assert client.down_until > 0
    with pytest.raises(ServerMarkedDown):
        client.ping()

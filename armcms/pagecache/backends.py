"""
Django's Redis cache, with one redis-py client per connection pool, and a
client that stops waiting for a server that has just failed to answer.

This is the one place that leans on private names of Django's Redis backend:
``RedisCache._class`` (the client class it builds) and
``RedisCacheClient._get_connection_pool``. The bench measured the shared
client (see ``RedisCacheClient``); tests/armcms/pagecache/test_backends.py
fails if Django renames either.
"""

import time

import redis
from django.core.cache.backends import redis as django_redis

# Seconds a server that failed to answer is left alone (OPTIONS "down_for").
DOWN_FOR = 5.0


class ServerMarkedDown(redis.ConnectionError):
    """Raised without trying: the server failed to answer a moment ago."""


class FailFastRedis(redis.Redis):
    """
    A redis-py client that remembers a failure. After a connection error or a
    timeout, every call fails at once for ``down_for`` seconds instead of each
    waiting for the socket timeout again; the first call after that tries the
    server again. Callers already treat a failed call as a cache miss, so a
    dead or hung Redis costs one timeout per process every ``down_for``
    seconds, not one per cache call.
    """

    def __init__(self, *args, down_for: float = DOWN_FOR, **kwargs):
        super().__init__(*args, **kwargs)
        self.down_for = down_for
        self.down_until = 0.0

    def execute_command(self, *args, **options):
        self.check_up()
        try:
            return super().execute_command(*args, **options)
        except (redis.ConnectionError, redis.TimeoutError):
            self.down_until = time.monotonic() + self.down_for
            raise

    def pipeline(self, *args, **kwargs):
        self.check_up()
        return super().pipeline(*args, **kwargs)

    def check_up(self) -> None:
        if time.monotonic() < self.down_until:
            raise ServerMarkedDown(
                f"Redis failed to answer less than {self.down_for:g} s ago; "
                "not trying again yet"
            )


class RedisCacheClient(django_redis.RedisCacheClient):
    """
    Django builds a new redis-py client for every cache call, and building one
    (redis-py fills a table of some 170 reply handlers) costs more than the
    call itself. Clients are safe to share: they borrow connections from the
    pool, so one per pool does the same work, and remembers the pool's
    failures (see FailFastRedis).
    """

    def __init__(self, *args, down_for: float = DOWN_FOR, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self.down_for = down_for

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = FailFastRedis(
                connection_pool=pool, down_for=self.down_for
            )
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key):
        """
        Redis takes any key. Django's check warns about keys that memcached
        would refuse, one character at a time, on every call.
        """

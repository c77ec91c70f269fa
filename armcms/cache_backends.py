"""Django's Redis cache, with one redis-py client per connection pool."""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    """
    Django builds a new redis-py client for every cache call, and building one
    (redis-py fills a table of some 170 reply handlers) costs more than the
    call itself. Clients are safe to share: they borrow connections from the
    pool, so one per pool does the same work.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

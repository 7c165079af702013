"""Work-around: Django's Redis cache backend, keeping one redis-py client per server instead of one per call.

Upstream behaviour: Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` around the (reused)
connection pool on every cache call, and each one copies redis-py's table of response callbacks. A ``redis.Redis``
is safe to share between threads and keeps using the same pool, so one per server does the same work. This
overrides ``get_client`` and calls three of Django's private methods (``_get_connection_pool_index``,
``_get_connection_pool``, ``_client``); ``tests/test_workarounds.py`` fails if Django stops making a client per
call or renames them. What it saves per call and per cached page: bench/README.md "Work-arounds".
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

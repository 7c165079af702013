"""Django's Redis cache backend, keeping one redis-py client per server instead of making one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` around the (reused) connection pool on every
cache call, and each one copies redis-py's table of about 170 response callbacks: a third of a millisecond per
cached page on the 2-core reference machine (bench/README.md). A ``redis.Redis`` is safe to share between threads
and keeps using the same pool, so one per server does the same work.
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

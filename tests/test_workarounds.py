"""The upstream behaviour each project-wide work-around exists for. If one of these fails, the upstream library
changed: the work-around may no longer be needed, or may now be wrong (see the module named in each test)."""

import gc
import weakref

from django.core.cache.backends.redis import RedisCacheClient

from core import frozen_heap
from esimguide.cache import ReusingRedisCacheClient


class Node:
    pass


def test_frozen_objects_are_skipped_by_collections_and_still_freed_by_reference_counting():
    # core/frozen_heap.py relies on both halves.
    before = gc.get_freeze_count()
    node = Node()
    alive = weakref.ref(node)
    frozen_heap.freeze_built()
    assert gc.get_freeze_count() > before  # moved out of the collector's generations
    assert not any(obj is node for obj in gc.get_objects())  # collections no longer see it
    del node
    assert alive() is None  # reference counting freed it all the same
    gc.unfreeze()  # leave the test process as it was


def test_djangos_redis_client_makes_a_new_redis_py_client_on_every_call():
    # esimguide/cache.py keeps one per server; it calls these three private methods, which must still exist.
    django_client = RedisCacheClient(["redis://127.0.0.1:1/0"])  # never connects: no command is sent
    assert django_client.get_client() is not django_client.get_client()
    for name in ("_get_connection_pool_index", "_get_connection_pool", "_client"):
        assert callable(getattr(django_client, name))
    ours = ReusingRedisCacheClient(["redis://127.0.0.1:1/0"])
    assert ours.get_client() is ours.get_client()

"""The upstream behaviour each project-wide work-around exists for. If one of these fails, the upstream library
changed: the work-around may no longer be needed, or may now be wrong (see the module named in each test)."""

import gc
import weakref

import pytest
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


def test_django_csp_builds_its_policies_on_every_response():
    # esimguide/csp_policy.py builds each policy once because django-csp builds both on every response.
    from unittest import mock

    import csp.middleware
    from django.http import HttpResponse
    from django.test import RequestFactory

    middleware = csp.middleware.CSPMiddleware(lambda request: HttpResponse("ok"))
    with mock.patch.object(csp.middleware, "build_policy", wraps=csp.middleware.build_policy) as build:
        for _ in range(2):
            middleware(RequestFactory().get("/en/"))
    assert build.call_count == 4  # the policy and the report-only policy, per response


@pytest.mark.parametrize("path", ["/en/plans/", "/admin/login/"])
def test_the_site_builds_the_same_policy_headers_as_django_csp(path):
    import csp.middleware
    from django.http import HttpResponse
    from django.test import RequestFactory

    from esimguide.csp_policy import SiteCSPMiddleware

    ours = SiteCSPMiddleware(lambda request: HttpResponse("ok"))
    first, second = ours(RequestFactory().get(path)), ours(RequestFactory().get(path))
    upstream = csp.middleware.CSPMiddleware(lambda request: HttpResponse("ok"))
    expected = upstream.get_policy_parts(RequestFactory().get(path), HttpResponse())
    if path.startswith("/admin/"):
        assert "style-src-attr 'unsafe-inline'" in first["Content-Security-Policy"]
    else:
        assert first["Content-Security-Policy"] == csp.middleware.build_policy(
            config=expected.config, update=expected.update, replace=expected.replace, nonce=None
        )
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert "'unsafe-inline'" not in first["Content-Security-Policy"].split("script-src")[1].split(";")[0]


def test_a_response_with_its_own_policy_still_goes_through_django_csp():
    from django.http import HttpResponse
    from django.test import RequestFactory

    from esimguide.csp_policy import SiteCSPMiddleware

    def view(request):
        response = HttpResponse("ok")
        response._csp_update = {"img-src": ["https://maps.example"]}
        return response

    response = SiteCSPMiddleware(view)(RequestFactory().get("/en/"))
    assert "https://maps.example" in response["Content-Security-Policy"]

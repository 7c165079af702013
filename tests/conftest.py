import pytest
from django.core.cache import cache, caches
from django.utils import translation

from carriers import read_model
from esimguide.page_cache import cache_outage, near_cache, outage

from .factories import FeatureFactory, RegionFactory


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    translation.activate("zh-hans")


@pytest.fixture(autouse=True)
def _fresh_read_model():
    # Each test's database is rolled back afterwards; the next test must not start from a model of rows that
    # never existed for it (production never sees committed rows vanish).
    read_model._current = None


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test starts with an empty cache (pages, lockout counters); Redis in CI is shared between runs.
    cache.clear()
    caches["chrome"].clear()
    near_cache.clear()
    # A test that cut the database or cache off must not leave the next one in its outage hold.
    outage.until = cache_outage.until = 0.0
    yield


@pytest.fixture
def unreachable_cache(settings):
    """The cache is a Redis server that is not there (restarting, say): every cache call fails fast."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }


@pytest.fixture
def hong_kong(db):
    return RegionFactory(slug="hong-kong", code="HK", name_en="Hong Kong", name_zh_hans="香港")


@pytest.fixture
def united_states(db):
    return RegionFactory(slug="united-states", code="US", name_en="United States", name_zh_hans="美国")


@pytest.fixture
def hotspot(db):
    return FeatureFactory(
        slug="hotspot", name_en="Hotspot", name_zh_hans="热点分享", unit_en="GB", unit_zh_hans="GB", display_order=1
    )


@pytest.fixture
def family_sharing(db):
    return FeatureFactory(slug="family-sharing", name_en="Family sharing", name_zh_hans="家庭共享", display_order=2)

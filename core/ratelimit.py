"""A fixed-window counter per client in the shared cache (Redis in production): at most ``limit`` hits a window.

Written here rather than taken from django-ratelimit: that package's system checks reject Django's own Redis
cache backend, which we use for everything else, and the part we need is a ``cache.add`` and a ``cache.incr``.
"""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def allow(scope, client, *, limit, window):
    """Count one hit for ``client`` in ``scope``; False once the window already has ``limit`` hits."""
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{client}:{bucket}"
    try:
        if cache.add(key, 1, timeout=window):
            return True
        try:
            return cache.incr(key) <= limit
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)
            return True
    except Exception:  # noqa: BLE001 - the cache is unreachable: let readers through rather than fail them
        logger.warning("rate-limit cache unreachable; allowing", exc_info=True)
        return True

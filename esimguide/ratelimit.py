"""A fixed-window counter per client in the shared cache (Redis in production): at most ``limit`` hits a window.

Written here rather than taken from django-ratelimit: that package's system checks reject Django's own Redis
cache backend, which we use for everything else, and the part we need is a ``cache.add`` and a ``cache.incr``.
"""

import time

from django.core.cache import cache


def allow(scope, client, *, limit, window):
    """Count one hit for ``client`` in ``scope``; False once the window already has ``limit`` hits."""
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{client}:{bucket}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return True

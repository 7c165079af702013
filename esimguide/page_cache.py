"""A whole-response cache for anonymous readers that is never stale.

Why it is exact: each address (host, path, normalised query) has one entry, its newest page, stored with the
version it was made for: both content revision tokens (database triggers change them on every committed write to
the catalogue or to articles, whatever made the write: admin, importer, bulk ``update()``, raw SQL) and today's
date (plans turn "possibly out of date" at midnight). A page is served only for the version it was made for, so it
stops being served the moment anything it could show changes, on every server, with no invalidation code; the next
reader's page replaces it. The one thing that changes without a write is the clock: a scheduled article (or scheduled
changes to one) appears at its time and an article can expire, so every entry is stored with the time of the next
such change and is not served from then on.
One entry per address costs one cache write per page made (no separate key per revision, none pointing at the
newest), and old versions do not pile up.

Where the revision comes from: on PostgreSQL, as pushed to the process (``carriers/revision_feed.py``), for a hit
and, while the read model is at that revision, for a miss too; the page is then made from that model and stored
under that revision, with no query to learn it. Otherwise (SQLite, no recent push, a model behind or ahead of the
push) the request reads it from the database.

What is never cached: anything but GET/HEAD, requests with a session cookie (editors, staff previews), responses
that are not 200, set a cookie, used a CSRF token, say ``Cache-Control: private/no-store`` or are larger than
``PAGE_CACHE_MAX_BYTES`` (a JSON export of thousands of plans: cheap to make again, costly to keep); paths outside the
language-prefixed public pages. Browsers get an ETag (ConditionalGetMiddleware answers 304) and must revalidate.

While the database is unreachable the revision cannot be read; then the last page cached for the address is served
(marked ``X-Page-Cache: stale-during-outage``), and addresses never cached get the 503 page.
"""

import hashlib
import logging
import pickle
import socket
import struct
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag

from articles.models import Article
from carriers import read_model, revision, revision_feed

from .views import error_response

logger = logging.getLogger(__name__)
CACHEABLE_STATUS = 200
KEY_PREFIX = "page:"


def _normalised_query(query_string):
    # Parameter order does not change a page; the order of one parameter's repeated values might, so keep it.
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def _address(request):
    # Only what changes the page: the scheme (canonical links are absolute), the host ALLOWED_HOSTS let through, the
    # path, the query (views redirect away parameters they do not read: core/querystrings.py) and whether this
    # is a fragment request; any other value of that header is the same page.
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        _normalised_query(request.META.get("QUERY_STRING", "")),
        "fragment" if request.headers.get("HX-Request") else "",
    ]
    return "\n".join(parts)


def _hash(text):
    return hashlib.sha256(text.encode()).hexdigest()


def page_key(request):
    """One entry per address: the newest page made for it, stored with the version it was made for."""
    return KEY_PREFIX + _hash(_address(request))


def page_version(tokens):
    """What a cached page must have been made for to be served: the content revision and today's date."""
    return (tuple(tokens), timezone.localdate().isoformat())


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    return request.path.startswith(settings.PAGE_CACHE_PATH_PREFIXES)


def _declines_caching(response):
    cache_control = response.get("Cache-Control", "")
    return "private" in cache_control or "no-store" in cache_control


def is_cacheable_response(request, response):
    return (
        response.status_code == CACHEABLE_STATUS
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not _declines_caching(response)
        and not getattr(response, "streaming", False)
        and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
    )


def _query_next_publication():
    upcoming = Article.objects.next_public_change()
    return upcoming.timestamp() if upcoming else None


_next_publication = (None, None)  # (revision tokens, timestamp) of the last answer


def next_publication_timestamp(tokens):
    """When the next scheduled article goes public (Unix time), or None.

    Which articles are scheduled changes only with a write (new tokens) or when the first of them goes public, so
    the answer is kept for the tokens until then: an uncached page asks the database once per revision, not once
    per page."""
    global _next_publication
    seen_tokens, timestamp = _next_publication
    if seen_tokens != tokens or (timestamp is not None and time.time() >= timestamp):
        timestamp = _query_next_publication()
        _next_publication = (tokens, timestamp)
    return timestamp


def dumps(entry):
    """An entry as bytes, pickled once for both caches (the cache backend pickling bytes again is only a copy)."""
    return pickle.dumps(entry, pickle.HIGHEST_PROTOCOL)


def loads(blob):
    return pickle.loads(blob)  # noqa: S301 - pages this site pickled itself, from its own cache


def _entry(blob):
    """(version, valid until, response) from a stored blob, or None for nothing or for what cannot be read (an
    entry an older release of the site or of Django pickled): a page made again, never an error."""
    if not isinstance(blob, bytes):
        return None
    try:
        entry = loads(blob)
    except Exception:  # noqa: BLE001 - unpickling fails in many ways; each means "not cached"
        logger.warning("page cache entry unreadable; making the page again", exc_info=True)
        return None
    return entry if isinstance(entry, tuple) and len(entry) == 3 else None


class NearCache:
    """The pages this process stored or fetched last, in front of the shared cache (Redis), up to
    ``PAGE_CACHE_NEAR_BYTES``; least recently used entries go first.

    As exact as the shared cache: it holds the same entries under the same keys, each with the version it was made
    for, and the middleware serves one only for the current version. A hit here saves the round trip to Redis and
    Redis's own work on the same cores (bench/README.md). It keeps the pickled bytes the shared cache is given
    (``dumps``), so a page is pickled once and each hit unpickles a fresh response for the middleware to change.

    A page enters it when it is asked for again (a hit in the shared cache), not when it is made: most addresses
    (filter combinations, price bounds) are asked for once, and those kept the near cache full of pages no one
    would ask for, pushing out the ones readers repeat and holding its whole size in every worker
    (bench/README.md, 100,000 plans).
    """

    def __init__(self):
        self.size, self.entries = 0, OrderedDict()

    @property
    def limit(self):
        return settings.PAGE_CACHE_NEAR_BYTES

    def get(self, key):
        blob = self.entries.get(key)
        if blob is not None:
            self.entries.move_to_end(key)
        return blob

    def put(self, key, blob):
        if not self.limit or len(blob) > self.limit // 4:
            return
        self.drop(key)
        self.entries[key], self.size = blob, self.size + len(blob)
        while self.size > self.limit and self.entries:
            self.size -= len(self.entries.popitem(last=False)[1])

    def drop(self, key):
        blob = self.entries.pop(key, None)
        if blob is not None:
            self.size -= len(blob)

    def clear(self):
        self.entries.clear()
        self.size = 0


near_cache = NearCache()


class Outage:
    """Once a service failed a reader's request, this process stops asking it for readers' pages until a probe in a
    thread of its own (every ``PROBE_SECONDS``) finds it answering again; no reader waits on a service that is down.

    The database (``outage``): readers get the cached page or the 503 page at once. Asking again on every request
    held each sync worker for the connect timeout: on a frozen path 8 requests were answered in 6 s (bench/faults.py).
    Redis (``cache_outage``): pages are made without the shared cache instead of paying redis-py's reconnection
    attempts on every request. ``MAX_SECONDS`` bounds the hold should the probe itself hang.
    """

    PROBE_SECONDS = 0.5
    MAX_SECONDS = 30.0

    def __init__(self, probe):
        self.probe, self.until, self.lock, self.probing = probe, 0.0, threading.Lock(), False

    def open(self):
        self.until = time.monotonic() + self.MAX_SECONDS
        with self.lock:
            if self.probing:
                return
            self.probing = True
        threading.Thread(target=self._wait_for_recovery, name="outage-probe", daemon=True).start()

    def _wait_for_recovery(self):
        try:
            while self.is_open():
                time.sleep(self.PROBE_SECONDS)
                try:
                    self.probe()
                except Exception:  # noqa: BLE001, S112 - still down, whatever the error: probe again
                    continue
                self.until = 0.0
        finally:
            self.probing = False

    def is_open(self):
        return time.monotonic() < self.until


SSL_REQUEST = struct.pack("!ii", 8, 80877103)  # PostgreSQL answers it with one byte, before any authentication


def _database_answers():
    """PostgreSQL: it answers an SSLRequest on a socket of our own. Plain sockets, not a libpq connection in this
    thread: a libpq connect on a frozen path stalled the worker's other thread too (bench/faults.py: requests stopped
    for 3 s each time a probe ran). SQLite: the revision can be read."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return revision.read()
    host = connection.settings_dict["HOST"] or "localhost"
    port = int(connection.settings_dict["PORT"] or 5432)
    with socket.create_connection((host, port), timeout=1) as probe:
        probe.settimeout(1)
        probe.sendall(SSL_REQUEST)
        if probe.recv(1) not in (b"S", b"N"):
            raise ConnectionError("not PostgreSQL")


def _cache_answers():
    caches[settings.PAGE_CACHE_ALIAS].get("page-cache-probe")


outage = Outage(_database_answers)
cache_outage = Outage(_cache_answers)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not is_cacheable_request(request):
            return self.get_response(request)
        cache = caches[settings.PAGE_CACHE_ALIAS]
        if outage.is_open():
            return self._during_outage(request, cache)
        key, pushed = page_key(request), revision_feed.feed.known()
        if pushed is not None:
            response = self._cached(cache, key, page_version(pushed.tokens))
            if response is not None:
                return self._hit(request, response)
        try:
            # A miss. When the read model is at the pushed revision, that is this request's revision too: the page
            # is made from that model and stored under that revision, with no query to learn it.
            tokens = pushed.tokens if pushed is not None and read_model.adopt(pushed) else revision.current().tokens
        except DatabaseError:
            outage.open()
            return self._during_outage(request, cache)
        version = page_version(tokens)
        if pushed is None or pushed.tokens != tokens:
            response = self._cached(cache, key, version)
            if response is not None:
                return self._hit(request, response)
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        if _declines_caching(response):
            return response  # a view said private or no-store: never made public here
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if is_cacheable_response(request, response):
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            # The ETag is computed once, when the page is made, not on every hit (an MD5 of the page).
            if not response.has_header("ETag"):
                set_response_etag(response)
            blob = dumps((version, next_publication_timestamp(tokens), response))
            if self._set(cache, key, blob):  # the near cache takes it when it is asked for again (NearCache)
                response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _hit(request, response):
        """A stored page, or 304 when the browser has it already (ConditionalGetMiddleware is below the cache: a
        hit passes only the middleware above it, which adds the headers that are the same for every response)."""
        response["X-Page-Cache"] = "hit"
        return get_conditional_response(request, etag=response.get("ETag"), response=response)

    def _cached(self, cache, key, version):
        """The page stored for this address if it was made for ``version`` and is still valid, else None."""
        blob = near_cache.get(key)
        entry = _entry(blob)
        if entry is None or entry[0] != version:
            # Not here, or older than the shared cache's may be (another server made the new one).
            blob = self._get(cache, key)
            entry = _entry(blob)
            if entry is None or entry[0] != version:
                return None
            near_cache.put(key, blob)
        _version, valid_until, response = entry
        return response if valid_until is None or time.time() < valid_until else None

    # The cache is a speed-up: when it is unreachable (Redis restarting), pages are served uncached, not failed.

    @staticmethod
    def _get(cache, key):
        if cache_outage.is_open():
            return None
        try:
            return cache.get(key)
        except Exception:  # noqa: BLE001 - any cache backend's connection error
            cache_outage.open()
            logger.warning("page cache unreachable; serving uncached", exc_info=True)
            return None

    @staticmethod
    def _set(cache, key, blob):
        if cache_outage.is_open():
            return False
        try:
            cache.set(key, blob, settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001 - any cache backend's connection error
            cache_outage.open()
            logger.warning("page cache unreachable; page not stored", exc_info=True)
            return False
        return True

    def _during_outage(self, request, cache):
        # The database is unreachable, so the current revision is unknown: the last page cached for this address
        # is the best answer a reader can get. Without one, the 503 page at once, rather than a view that would
        # wait on the database again.
        entry = _entry(self._get(cache, page_key(request)))
        if entry is None:
            return error_response(request, "503.html", 503, retry=True)
        response = entry[2]
        response["X-Page-Cache"] = "stale-during-outage"
        response["Cache-Control"] = "no-cache"
        return response

"""The content revision pushed to each process by PostgreSQL, so that a page-cache hit costs no query.

Why: a cache hit must know the current revision to be exact (``esimguide/page_cache.py``), and reading it was the
largest cost of a hit: two round trips to PostgreSQL (Django's connection health check and the revision query)
were most of a hit's time (bench/README.md, "Cache hits without a query").

How: a trigger on the revision table (migration 0011) sends ``NOTIFY esimguide_revision`` whenever a committed
write gives a token a new value, whatever made the write. Each process keeps one listening connection in a thread
of its own. It reads the revision once after ``LISTEN`` (so no notification can fall between the two), again on
every notification, and at least every ``HEARTBEAT_SECONDS`` whatever happens. ``known()`` answers from that thread's
last read while it is younger than ``FRESH_SECONDS``; otherwise, and on SQLite, it answers None and the caller
reads the revision itself, as before. So a lost notification or a hung connection can never keep an old page
served for longer than ``FRESH_SECONDS``.

A notification reaches the process about a millisecond after the commit (bench/README.md). Requests with a
session (editors) never use this: they skip the page cache, and the views read the revision from the database, so
a writer always sees its own write.
"""

import logging
import os
import threading
import time
from contextlib import suppress

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from . import revision

logger = logging.getLogger(__name__)
CHANNEL = "esimguide_revision"
HEARTBEAT_SECONDS = 1.0
FRESH_SECONDS = 2.5
RETRY_SECONDS = 1.0


class RevisionFeed:
    def __init__(self, alias=DEFAULT_DB_ALIAS):
        self.alias = alias
        self.pid = None
        self.stopped, self.starting = threading.Event(), threading.Lock()
        self._latest = (0.0, None)  # (monotonic time of the read, Revision)
        self.thread = None
        self.backend_pid = None  # the listening connection's server process, while there is one

    @property
    def enabled(self):
        return settings.PAGE_CACHE_REVISION_FEED and connections[self.alias].vendor == "postgresql"

    def known(self):
        """The current revision as last pushed, or None when the caller must read it itself."""
        if not self.enabled:
            return None
        self._ensure_thread()
        read_at, current = self._latest
        return current if time.monotonic() - read_at < FRESH_SECONDS else None

    def _ensure_thread(self):
        # gunicorn forks workers from the master: a thread does not survive a fork, so each process starts its own.
        if self.pid == os.getpid():
            return
        with self.starting:  # threaded servers (runserver) may ask from two requests at once: one listener
            if self.pid != os.getpid():
                self._latest = (0.0, None)
                self.stopped.clear()
                self.thread = threading.Thread(target=self._run, name="revision-feed", daemon=True)
                self.thread.start()
                self.pid = os.getpid()

    def stop(self):
        self.stopped.set()
        if self.thread is not None:
            self.thread.join(timeout=HEARTBEAT_SECONDS * 3)
        self.pid, self._latest, self.thread = None, (0.0, None), None

    def _run(self):
        while not self.stopped.is_set():
            wrapper = connections.create_connection(self.alias)
            try:
                wrapper.ensure_connection()
                self._listen(wrapper.connection)
            except Exception:  # noqa: BLE001 - whatever broke the connection, readers fall back to reading
                logger.warning("revision feed lost its connection; pages read the revision until it is back")
            finally:
                self._latest, self.backend_pid = (0.0, None), None
                with suppress(Exception):  # the connection is already gone
                    wrapper.close()
            self.stopped.wait(RETRY_SECONDS)

    def _listen(self, raw):
        raw.autocommit = True
        raw.execute(f"LISTEN {CHANNEL}")
        self.backend_pid = raw.info.backend_pid
        while not self.stopped.is_set():
            self._latest = (time.monotonic(), self._read(raw))
            # Wakes on the first notification or after the heartbeat; the read above then follows either way.
            for _notification in raw.notifies(timeout=HEARTBEAT_SECONDS, stop_after=1):
                pass

    @staticmethod
    def _read(raw):
        with raw.cursor() as cursor:
            cursor.execute(revision.SQL)
            return revision.from_rows(cursor.fetchall())


feed = RevisionFeed()

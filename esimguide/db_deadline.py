"""A client-side deadline on every database query a web request makes.

Why it is needed: when the path to PostgreSQL freezes (a hung server or pooler, a stalled network path), the peer's
kernel may go on acknowledging packets, so neither TCP keepalive nor PostgreSQL's own ``statement_timeout`` (which
the frozen server never gets to act on) ends the wait. Measured with ``bench/faults.py`` against a relay the bench
stops with SIGSTOP: without this module every request waited 30 s until gunicorn killed the worker, cached pages
included; with it the query fails after ``DB_REQUEST_DEADLINE_SECONDS`` (5 s by default), the page cache serves the
page it has, and other pages get the 503 page.

How: one watchdog thread per process holds each running query's deadline (queries through Django's cursors, and
Django's connection health check, which bypasses them). When a deadline passes, it shuts the
connection's socket down, which wakes psycopg with an ``OperationalError``; Django then drops that connection and
the next request connects afresh (``connect_timeout`` bounds that). Registering a query costs a dict insert and
removal; no thread or timer is made per query. Installed by ``esimguide/wsgi.py`` only: management commands
(migrations, imports, backups) keep PostgreSQL's ``statement_timeout`` alone.
"""

import logging
import os
import socket
import threading
import time
from contextlib import contextmanager
from itertools import count

from django.conf import settings
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)


class Watchdog:
    TICK = 0.2  # seconds between checks: the deadline is kept to within this

    def __init__(self):
        self.running, self.lock, self.tokens = {}, threading.Lock(), count()
        self.pid = None

    def _ensure_thread(self):
        # gunicorn forks workers from a master that may have started one: a thread does not survive a fork.
        if self.pid != os.getpid():
            self.pid = os.getpid()
            threading.Thread(target=self._watch, name="db-deadline", daemon=True).start()

    def _watch(self):
        while True:
            time.sleep(self.TICK)
            now = time.monotonic()
            with self.lock:
                expired = [(token, fd) for token, (deadline, fd) in self.running.items() if deadline <= now]
                for token, _fd in expired:
                    del self.running[token]
            for _token, fd in expired:
                self._cut(fd)

    @staticmethod
    def _cut(fd):
        logger.error("database query passed its deadline; closing the connection")
        try:
            probe = socket.socket(fileno=os.dup(fd))
        except OSError:
            return  # already closed
        try:
            probe.shutdown(socket.SHUT_RDWR)  # acts on the shared socket, so psycopg's wait ends at once
        except OSError:
            pass
        finally:
            probe.close()

    @contextmanager
    def deadline(self, raw, seconds=None):
        """Cut ``raw`` (a psycopg connection) if the block has not finished within ``seconds`` (by default
        DB_REQUEST_DEADLINE_SECONDS)."""
        try:
            fd = raw.fileno()
        except Exception:  # noqa: BLE001 - a closed connection: let the caller meet its own error
            yield
            return
        self._ensure_thread()
        token = next(self.tokens)
        with self.lock:
            self.running[token] = (time.monotonic() + (seconds or settings.DB_REQUEST_DEADLINE_SECONDS), fd)
        try:
            yield
        finally:
            with self.lock:
                self.running.pop(token, None)

    def __call__(self, execute, sql, params, many, context):
        """As a Django execute wrapper: every query through a cursor."""
        with self.deadline(context["connection"].connection):
            return execute(sql, params, many, context)


watchdog = Watchdog()
HEALTH_CHECK_SECONDS = 1  # "SELECT 1" answers in a millisecond on a live path


def _attach(sender, connection, **kwargs):
    if connection.vendor != "postgresql" or watchdog in connection.execute_wrappers:
        return
    connection.execute_wrappers.append(watchdog)
    # Django's health check (CONN_HEALTH_CHECKS) runs "SELECT 1" on the raw psycopg connection, past every execute
    # wrapper, at the start of each request on a kept connection: on a frozen path that is where a request hung.
    check = connection.is_usable

    def is_usable():
        with watchdog.deadline(connection.connection, HEALTH_CHECK_SECONDS):
            return check()

    connection.is_usable = is_usable


def install():
    if settings.DB_REQUEST_DEADLINE_SECONDS > 0:
        connection_created.connect(_attach, dispatch_uid="esimguide.db_deadline")

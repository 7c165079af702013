"""The embedded default (SQLite) runs in WAL mode, so a reader is never blocked by an editor's open write."""

import threading

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper

from esimguide.settings.base import sqlite_options


def connect(path):
    wrapper = DatabaseWrapper({"NAME": str(path), "OPTIONS": sqlite_options(2), "TIME_ZONE": None,
                               "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True,
                               "ATOMIC_REQUESTS": False, "TEST": {}, "USER": "", "PASSWORD": "", "HOST": "",
                               "PORT": ""})  # fmt: skip
    wrapper.ensure_connection()
    return wrapper


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    # These tests open SQLite files of their own, never the suite's database.
    with django_db_blocker.unblock():
        yield


def test_the_embedded_database_is_in_wal_mode(tmp_path):
    connection = connect(tmp_path / "site.sqlite3")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert cursor.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
        assert cursor.execute("PRAGMA busy_timeout").fetchone() == (2000,)
    connection.close()


def test_a_reader_reads_while_a_write_is_open(tmp_path):
    path = tmp_path / "site.sqlite3"
    writer = connect(path)
    with writer.cursor() as cursor:
        cursor.execute("CREATE TABLE page (body TEXT)")
        cursor.execute("INSERT INTO page VALUES ('live')")
        # An editor's save holding the lock a rollback journal takes to write its pages (EXCLUSIVE, which shuts
        # readers out there); under WAL readers go on reading the last commit.
        cursor.execute("BEGIN EXCLUSIVE")
        cursor.execute("UPDATE page SET body = 'draft'")
    seen = []

    def read():
        reader = connect(path)
        with reader.cursor() as cursor:
            seen.append(cursor.execute("SELECT body FROM page").fetchone()[0])
        reader.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(timeout=1.5)  # less than the busy timeout: a blocked reader would still be waiting

    assert seen == ["live"]  # read at once, and the uncommitted write is not seen
    with writer.cursor() as cursor:
        cursor.execute("COMMIT")
    writer.close()

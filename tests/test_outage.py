"""A real server process on PostgreSQL loses its database and gets it back (issue: health and outage).

gunicorn talks to PostgreSQL through a TCP relay that the test can cut and restore, so the database becomes
unreachable exactly as it would when the server or network goes down, persistent connections included.
"""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
POSTGRES = ("127.0.0.1", 5432)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Relay:
    """A TCP relay to PostgreSQL that can be cut (all connections dropped, new ones refused) and restored."""

    def __init__(self, port):
        self.port, self.sockets, self.listener = port, [], None

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(POSTGRES)
            self.sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self):
        if self.listener is None:
            return
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close alone would not
        self.listener.close()
        self.listener = None
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass
        self.sockets = []


def get(url, language="en"):
    request = urllib.request.Request(url, headers={"Accept-Language": language})  # noqa: S310 - 127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def psql(*commands):
    arguments = ["psql", ADMIN_URL, "-q", "-v", "ON_ERROR_STOP=1"]
    for command in commands:
        arguments += ["-c", command]
    subprocess.run(arguments, check=True, capture_output=True)


@pytest.fixture
def server(tmp_path):
    name = f"esimguide_outage_{os.getpid()}"
    psql(f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    relay = Relay(free_port())
    relay.start()
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "esimguide.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{relay.port}/{name}",
        "CONN_MAX_AGE": "60",
        "DB_CONNECT_TIMEOUT": "2",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, env=environment, check=True)
    subprocess.run([*manage, "load_demo", "-v0"], cwd=ROOT, env=environment, check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "esimguide.wsgi", "--config", "/dev/null", "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=environment, stderr=open(tmp_path / "gunicorn.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz/", timeout=1).read()  # noqa: S310
            break
        except OSError:
            time.sleep(0.1)
    yield base, relay
    process.terminate()
    process.wait(timeout=10)
    relay.cut()
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_unreachable_database_gives_503_in_the_readers_language_and_the_site_recovers(server):
    base, relay = server
    assert get(f"{base}/en/plans/")[0] == 200  # a persistent connection now exists

    relay.cut()
    status, headers, body = get(f"{base}/en/plans/")
    zh_status, _, zh_body = get(f"{base}/zh-hans/plans/", language="zh-hans")
    ready_status, _, ready_body = get(f"{base}/readyz/")
    live_status = get(f"{base}/healthz/")[0]

    assert status == 503 and headers["Retry-After"] == "30"
    assert "Back in a moment" in body and 'lang="en"' in body and "Traceback" not in body
    assert zh_status == 503 and "稍等片刻" in zh_body and 'lang="zh-hans"' in zh_body
    assert ready_status == 503 and '"database": "unavailable"' in ready_body
    assert live_status == 200

    relay.start()
    started = time.monotonic()
    while get(f"{base}/en/plans/")[0] != 200:
        assert time.monotonic() - started < 10, "the site did not recover without a restart"
        time.sleep(0.1)
    recovered_after = time.monotonic() - started
    print(f"\noutage: {status}, Retry-After {headers['Retry-After']}, zh {zh_status}; back in {recovered_after:.2f} s")
    assert get(f"{base}/readyz/")[0] == 200

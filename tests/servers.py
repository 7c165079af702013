"""Real app-server processes for tests: a scratch PostgreSQL database, gunicorn, and a TCP relay that can cut the
database off. Used by the outage and two-server tests."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
POSTGRES = ("127.0.0.1", 5432)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Relay:
    """A TCP relay to PostgreSQL that can be cut (all connections dropped, new ones refused) and restored."""

    def __init__(self):
        self.port, self.sockets, self.listener = free_port(), [], None

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
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

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
    arguments = ["psql", POSTGRES_ADMIN_URL, "-q", "-v", "ON_ERROR_STOP=1"]
    for command in commands:
        arguments += ["-c", command]
    subprocess.run(arguments, check=True, capture_output=True)


@contextmanager
def scratch_database(name):
    psql(f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    try:
        yield
    finally:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def environment(database_url, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "esimguide.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        "DB_CONNECT_TIMEOUT": "2",
        **extra,
    }


def manage(*arguments, env):
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True)


@contextmanager
def app_server(env, log_path):
    """gunicorn with the production config (one sync worker) on a free port of 127.0.0.1; yields its base URL."""
    port = free_port()
    env = {**env, "GUNICORN_ACCESS_LOG": str(log_path) + ".access"}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "esimguide.wsgi", "--config", "gunicorn.conf.py", "--workers", "1",
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env, stderr=log,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                with suppress(OSError):
                    urllib.request.urlopen(f"{base}/healthz/", timeout=1).read()  # noqa: S310 - 127.0.0.1 only
                    break
                time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)

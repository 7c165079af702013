"""Real app-server processes for tests: a scratch PostgreSQL database, gunicorn, and a TCP relay that can cut the
database off. Used by the outage and two-server tests."""

import os
import signal
import socket
import subprocess
import sys
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
    """A TCP relay to a server (PostgreSQL unless told otherwise), in a process of its own (tests/relay.py).

    ``cut()`` kills it (every connection dropped, new ones refused); ``freeze()`` stops it with SIGSTOP (connections
    are accepted by the kernel and then nothing answers); ``thaw()`` and ``start()`` bring it back.
    """

    def __init__(self, target=POSTGRES):
        self.port, self.target, self.process = free_port(), target, None

    def start(self):
        host, port = self.target
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "relay.py"), str(self.port), host, str(port)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout.readline().strip() == "ready"

    def cut(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)


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
def app_server(env, log_path, workers=1):
    """gunicorn with the production config (``workers`` sync workers) on a free port of 127.0.0.1; yields its base
    URL."""
    port = free_port()
    env = {**env, "GUNICORN_ACCESS_LOG": str(log_path) + ".access"}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "esimguide.wsgi", "--config", "gunicorn.conf.py",
             "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
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

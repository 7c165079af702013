"""A scratch demo site for the screenshot scripts: its own SQLite database, ``runserver`` on a free port, and a
browser context signed in as one of its users."""

import contextlib
import os
import subprocess
import sys
import time
import urllib.request

from tests.servers import free_port


def environment(database, **extra):
    return {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "esimguide.settings.dev",
            **extra}  # fmt: skip


def manage(root, env, *arguments, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *arguments], cwd=root, env=env, check=True, **kwargs)


def prepared(root, env, setup):
    """A fresh database with the demo content; runs ``setup`` in ``manage.py shell`` and returns its output lines."""
    database = env["DATABASE_URL"].removeprefix("sqlite:///")
    os.makedirs(os.path.dirname(database), exist_ok=True)  # bench/out/ is not in a fresh clone
    with contextlib.suppress(FileNotFoundError):
        os.unlink(database)
    manage(root, env, "migrate", "--no-input", "-v0")
    manage(root, env, "load_demo", "-v0")
    return manage(root, env, "shell", "-c", setup, capture_output=True, text=True).stdout.strip().splitlines()


@contextlib.contextmanager
def served(root, env):
    """The site under ``runserver`` on a free port; yields its base URL once it answers."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              cwd=root, env=env, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz/", timeout=1)  # noqa: S310 - 127.0.0.1 only
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()


def signed_in(browser, base, locale, width, username):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    return context, page

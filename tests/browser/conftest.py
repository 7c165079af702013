import contextlib
import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an event loop in this thread; the ORM calls in the tests are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def watched_page(browser, **context_options):
    """A page in a fresh context; the test fails on any JavaScript or CSP error the browser reported."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    yield page
    context.close()
    assert errors == [], f"JavaScript or CSP errors in the browser: {errors}"


@pytest.fixture
def page(browser):
    with watched_page(browser, viewport={"width": 1280, "height": 900}) as page:
        yield page


@pytest.fixture
def phone(browser):
    """A 375 px phone screen."""
    with watched_page(browser, viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True) as page:
        yield page

"""A real server process on PostgreSQL loses its database and gets it back (issue: health and outage).

gunicorn talks to PostgreSQL through a TCP relay that the test can cut and restore, so the database becomes
unreachable exactly as it would when the server or network goes down, persistent connections included.
"""

import os
import time
import urllib.request

import pytest

from carriers.revision_feed import FRESH_SECONDS
from tests.servers import Relay, app_server, environment, get, manage, scratch_database


@pytest.fixture
def server(tmp_path):
    name = f"esimguide_outage_{os.getpid()}"
    with scratch_database(name):
        relay = Relay()
        relay.start()
        env = environment(f"postgres://postgres@127.0.0.1:{relay.port}/{name}")
        manage("migrate", "--no-input", "-v0", env=env)
        manage("load_demo", "-v0", env=env)
        with app_server(env, tmp_path / "gunicorn.log") as base:
            yield base, relay, tmp_path / "gunicorn.log.access"
        relay.cut()


def test_unreachable_database_gives_503_in_the_readers_language_and_the_site_recovers(server):
    base, relay, _access_log = server
    assert get(f"{base}/en/plans/")[0] == 200  # a persistent connection now exists, and the page is cached

    relay.cut()
    # Until the process learns that its listening connection is gone (at once, usually) or stops trusting the
    # revision it was last told of (FRESH_SECONDS), the cached page is an ordinary hit; then it is the stale page.
    started = time.monotonic()
    while True:
        cached_status, cached_headers, _ = get(f"{base}/en/plans/")
        assert cached_status == 200 and cached_headers["X-Page-Cache"] in ("hit", "stale-during-outage")
        if cached_headers["X-Page-Cache"] == "stale-during-outage" or time.monotonic() - started > FRESH_SECONDS + 1:
            break
        time.sleep(0.05)
    status, headers, body = get(f"{base}/en/plans/?sort=-price")  # never cached
    zh_status, _, zh_body = get(f"{base}/zh-hans/plans/", language="zh-hans")
    ready_status, _, ready_body = get(f"{base}/readyz/")
    live_status = get(f"{base}/healthz/")[0]

    assert cached_status == 200 and cached_headers["X-Page-Cache"] == "stale-during-outage"
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


def test_access_log_is_one_json_line_per_request_with_its_request_id(server):
    import json

    base, _relay, access_log = server
    _status, headers, _body = get(f"{base}/en/plans/")

    def logged():
        lines = [json.loads(line) for line in access_log.read_text().splitlines()]
        return any(line["request_id"] == headers["X-Request-ID"] and line["path"] == "/en/plans/" for line in lines)

    started = time.monotonic()  # gunicorn writes the line after sending the response: wait for it a little
    while not logged() and time.monotonic() - started < 5:
        time.sleep(0.05)
    assert logged()


def test_a_frozen_database_path_serves_cached_pages_and_a_503_within_ten_seconds(server):
    base, relay, _access_log = server
    assert get(f"{base}/en/plans/")[0] == 200  # cached, over a persistent connection that is about to freeze

    relay.freeze()  # the relay's kernel still accepts and acknowledges; nothing answers
    try:
        # The revision this process was last told of is trusted for FRESH_SECONDS (carriers/revision_feed.py):
        # at once, the page is an ordinary hit; after that the process must read the revision, and cannot.
        started = time.monotonic()
        first_status, first_headers, _ = get(f"{base}/en/plans/")
        first_after = time.monotonic() - started
        time.sleep(FRESH_SECONDS)
        started = time.monotonic()
        cached_status, cached_headers, _ = get(f"{base}/en/plans/")
        cached_after = time.monotonic() - started
        started = time.monotonic()
        status, headers, body = get(f"{base}/en/plans/?sort=-price")  # never cached
        uncached_after = time.monotonic() - started
    finally:
        relay.thaw()

    assert first_status == 200 and first_headers["X-Page-Cache"] == "hit" and first_after < 1
    assert cached_status == 200 and cached_headers["X-Page-Cache"] == "stale-during-outage"
    assert status == 503 and "Back in a moment" in body and "Traceback" not in body
    assert cached_after < 10 and uncached_after < 10
    started = time.monotonic()
    while get(f"{base}/en/plans/?sort=-price")[0] != 200:
        assert time.monotonic() - started < 10, "the site did not recover without a restart"
        time.sleep(0.1)
    print(f"\nfrozen: cached page in {cached_after:.1f} s, 503 in {uncached_after:.1f} s; back in "
          f"{time.monotonic() - started:.2f} s")  # fmt: skip


def test_gunicorn_believes_no_proxy_header_unless_told_to(server):
    base, _relay, _access_log = server
    for header in ({"X-Forwarded-Ssl": "on"}, {"X-Forwarded-Proto": "https"}, {"X-Forwarded-Protocol": "ssl"}):
        request = urllib.request.Request(f"{base}/en/methodology/", headers=header)  # noqa: S310 - 127.0.0.1
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - 127.0.0.1 only
            html = response.read().decode()
        assert 'rel="canonical" href="http://127.0.0.1' in html and "https://127.0.0.1" not in html
    assert 'href="https://' not in get(f"{base}/en/methodology/")[2]  # the cached page did not become https


def test_gunicorn_believes_x_forwarded_proto_when_trust_proxy_headers_is_set(tmp_path):
    name = f"esimguide_proxy_{os.getpid()}"
    with scratch_database(name):
        env = environment(f"postgres://postgres@127.0.0.1:5432/{name}", TRUST_PROXY_HEADERS="1")
        manage("migrate", "--no-input", "-v0", env=env)
        with app_server(env, tmp_path / "gunicorn.log") as base:
            secure = urllib.request.Request(f"{base}/en/methodology/", headers={"X-Forwarded-Proto": "https"})  # noqa: S310
            ssl_only = urllib.request.Request(f"{base}/en/regions/", headers={"X-Forwarded-Ssl": "on"})  # noqa: S310
            with urllib.request.urlopen(secure, timeout=15) as response:  # noqa: S310 - 127.0.0.1 only
                assert 'rel="canonical" href="https://127.0.0.1' in response.read().decode()
            with urllib.request.urlopen(ssl_only, timeout=15) as response:  # noqa: S310 - 127.0.0.1 only
                assert 'rel="canonical" href="http://127.0.0.1' in response.read().decode()

"""A real server process on PostgreSQL loses its database and gets it back (issue: health and outage).

gunicorn talks to PostgreSQL through a TCP relay that the test can cut and restore, so the database becomes
unreachable exactly as it would when the server or network goes down, persistent connections included.
"""

import os
import time

import pytest

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
    cached_status, cached_headers, _ = get(f"{base}/en/plans/")
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
    lines = [json.loads(line) for line in access_log.read_text().splitlines()]

    assert any(line["request_id"] == headers["X-Request-ID"] and line["path"] == "/en/plans/" for line in lines)

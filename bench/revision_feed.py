"""The revision feed (carriers/revision_feed.py) on PostgreSQL: what a cache hit costs with and without it, and how
long after a commit a process knows of the new revision.

Usage: .venv/bin/python bench/revision_feed.py [--database-url URL] [--hits 3000] [--writes 200]

Uses a database bench/seed.py filled (default: esimguide_bench, as bench/run.py leaves it) and the local cache.
In one process: a cached plan page asked for ``--hits`` times through Django's WSGI handler, with the feed off
(each hit reads the revision) and on; then ``--writes`` committed plan-feature updates, each timed from its
commit until the feed holds the new revision.
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after the project: bench/search.py is not the search app

from run import POSTGRES_URL, setup_in_process  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=POSTGRES_URL)
    parser.add_argument("--hits", type=int, default=3000)
    parser.add_argument("--writes", type=int, default=200)
    args = parser.parse_args()
    setup_in_process(args.database_url)
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from carriers import revision
    from carriers.models import PlanFeature
    from carriers.revision_feed import feed

    handler = WSGIHandler()

    def get(address):
        path, _mark, query = address.partition("?")
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
                   "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http",
                   "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1"}  # fmt: skip
        headers, status_line = {}, []

        def start_response(status, pairs, exc_info=None):
            status_line.append(status)
            headers.update(pairs)

        body = b"".join(handler(environ, start_response))
        return headers.get("X-Page-Cache") or f"status {status_line[0]}", body

    page = "/en/plans/compare/?plans=p1,p2,p3,p4"
    for enabled in (False, True):
        settings.PAGE_CACHE_REVISION_FEED = enabled
        get(page)
        while enabled and feed.known() is None:
            time.sleep(0.01)
        state = get(page)[0]
        assert state == "hit", state
        best = []
        for _round in range(3):
            started = time.perf_counter()
            for _ in range(args.hits):
                get(page)
            best.append((time.perf_counter() - started) / args.hits * 1e6)
        print(f"cache hit, feed {'on ' if enabled else 'off'}: {min(best):6.1f} µs (best of 3 x {args.hits})")

    row = PlanFeature.objects.order_by("pk").first()
    delays = []
    for i in range(args.writes):
        before = feed.known()
        PlanFeature.objects.filter(pk=row.pk).update(value=i % 50)  # autocommit: committed when it returns
        committed = time.perf_counter()
        while (known := feed.known()) is None or known == before:
            time.sleep(0.0002)
        delays.append((time.perf_counter() - committed) * 1000)
        assert known == revision.read()
        time.sleep(0.005)
    delays.sort()
    print(f"commit to the feed's new revision, {args.writes} writes: median {statistics.median(delays):.2f} ms, "
          f"95th {delays[int(len(delays) * 0.95) - 1]:.2f} ms, slowest {delays[-1]:.2f} ms")  # fmt: skip
    feed.stop()
    connection.close()


if __name__ == "__main__":
    main()

"""Search with a 500 KB article present: p50, p99 and slowest of never-repeated searches, in-process.

Usage: .venv/bin/python bench/search.py [--searches 200]

Builds a scratch SQLite database (bench/out/search.sqlite3) with the demo content plus one published 500 KB article
in ordinary prose (English and Chinese), then times searches through Django's test client (no page cache: every
query is new). The target: p99 under 100 ms.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
OUT.mkdir(exist_ok=True)
DATABASE = OUT / "search.sqlite3"
os.environ.update({"DJANGO_SETTINGS_MODULE": "esimguide.settings.dev", "DATABASE_URL": f"sqlite:///{DATABASE}",
                   "PAGE_CACHE_ENABLED": "0", "DEBUG": "0", "ALLOWED_HOSTS": "testserver"})  # fmt: skip

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article  # noqa: E402

ENGLISH = "Most travel eSIM plans in Hong Kong allow hotspot sharing, but some cap tethering at 5 GB a day. "
CHINESE = "香港的旅行 eSIM 大多允许热点分享，但有些套餐每天限 5 GB。跨境到深圳时要看套餐条款。"
QUERIES = ["hotspot", "tethering", "sharing plans", "热点", "熱點", "深圳", "family", "roaming", "daily cap", "5 GB"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=200)
    args = parser.parse_args()
    DATABASE.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    Article.objects.create(
        slug="very-long", status=Article.Status.PUBLISHED, published_at=timezone.now(),
        title_en="A very long guide", title_zh_hans="很长的指南",
        body_en=ENGLISH * (250_000 // len(ENGLISH)), body_zh_hans=CHINESE * (250_000 // len(CHINESE.encode())),
    )  # fmt: skip
    print(f"long article: {len(Article.objects.get(slug='very-long').body_en.encode()) // 1024} KB English, "
          f"{len(Article.objects.get(slug='very-long').body_zh_hans.encode()) // 1024} KB Chinese")  # fmt: skip
    client, timings = Client(), []
    for number in range(args.searches):
        query = f"{QUERIES[number % len(QUERIES)]} {'x' * (number // len(QUERIES))}".strip()
        started = time.perf_counter()
        response = client.get("/en/search/", {"q": query})
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    timings.sort()
    p99 = timings[int(len(timings) * 0.99) - 1]
    print(f"{len(timings)} searches: p50 {statistics.median(timings) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
          f"slowest {timings[-1] * 1000:.0f} ms (target p99 < 100 ms)")  # fmt: skip


if __name__ == "__main__":
    main()

"""Markdown under hostile input: each class of pathological text near the import limit, checked, rendered and
sanitised as an article save does, then read as a reader would (the stored HTML, with live facts).

Usage: .venv/bin/python bench/markdown.py [--size-kb 500] [--repeat 3]

Prints, per class, the size, what ``check()`` said (within limits, or the limit it names), the slowest of
``--repeat`` runs of check + render + sanitise, and of the importer's parsing of the same text as a file (title,
summary, cleanup and topic matching, without the database). Targets: under 200 ms to render, 1 s to import.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "esimguide.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402

from articles import importing  # noqa: E402
from articles.markdown import check, render_markdown  # noqa: E402
from tests.articles.hostile_markdown import KB, classes  # noqa: E402


def save_cost(text):
    """What saving an article with this body costs: check(), then (if within limits) render and sanitise."""
    started = time.perf_counter()
    try:
        check(text)
        verdict = "within limits"
        render_markdown(text)
    except ValidationError as error:
        verdict = "refused: " + error.messages[0][:70]
    return time.perf_counter() - started, verdict


def import_cost(text):
    raw = ("# 标题\n\n" + text).encode()
    topics = [("hotspot", ["热点", "hotspot", "tethering"]), ("hong-kong", ["香港", "Hong Kong", "HK"])]
    started = time.perf_counter()
    importing.parse("hostile.zh-hans.md", raw, rules=[], regions=topics, features=topics, max_bytes=len(raw) + 1)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-kb", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    worst = 0.0
    worst_import = 0.0
    print(f"{'class':32} {'bytes':>9} {'render':>9} {'import':>9}  verdict")
    for name, text in classes(args.size_kb * KB).items():
        runs = [save_cost(text) for _ in range(args.repeat)]
        slowest = max(seconds for seconds, _verdict in runs)
        parsed = max(import_cost(text) for _ in range(args.repeat))
        worst, worst_import = max(worst, slowest), max(worst_import, parsed)
        print(f"{name:32} {len(text.encode()):9} {slowest * 1000:6.0f} ms {parsed * 1000:6.0f} ms  {runs[0][1]}")
    print(
        f"\nslowest render: {worst * 1000:.0f} ms (target < 200 ms); slowest import parse: {worst_import * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()

"""What each work-around saves, measured: prints one line per work-around, with and without it.

    .venv/bin/python bench/workarounds.py

Each work-around lives in a module of its own that names the upstream behaviour (esimguide/cache.py,
carriers/shared_fields.py, core/frozen_heap.py, editorial/converting_fields.py, esimguide/csp_policy.py);
their tests check that the upstream behaviour is still there. Runs on a scratch in-memory SQLite database.
"""

import gc
import os
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "esimguide.settings.dev")
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

django.setup()

from django import forms  # noqa: E402
from django.core.cache.backends.redis import RedisCacheClient  # noqa: E402
from django.utils import translation  # noqa: E402


def per_call(function, number):
    return min(timeit.repeat(function, number=number, repeat=5)) / number * 1e6  # µs


def line(name, without, with_, unit="µs"):
    print(f"{name:58} {without:10.1f} {with_:10.1f} {unit:>4}  ({without / with_:.1f}x)")


def redis_client():
    from esimguide.cache import ReusingRedisCacheClient

    django_client, ours = (
        RedisCacheClient(["redis://127.0.0.1:1/0"]),
        ReusingRedisCacheClient(["redis://127.0.0.1:1/0"]),
    )
    line("Redis client per cache call (esimguide/cache.py)", per_call(django_client.get_client, 2000),
         per_call(ours.get_client, 2000))  # fmt: skip


def shared_fields():
    from carriers.shared_fields import SharedFields

    choices = [(f"c{i}", f"Choice {i}") for i in range(40)]
    fields = {f"f{i}": forms.MultipleChoiceField(choices=choices, required=False) for i in range(30)}
    copied = type("Copied", (forms.Form,), dict(fields))
    shared = type("Shared", (forms.Form,), dict(fields))
    shared.base_fields = SharedFields(shared.base_fields)
    line("plan-list form of 30 choice fields, per request (shared_fields)", per_call(lambda: copied({}), 500),
         per_call(lambda: shared({}), 500))  # fmt: skip


def frozen_heap():
    model = [{"slug": f"p{i}", "names": (f"n{i}", f"m{i}"), "cells": [i, i + 1]} for i in range(200_000)]
    tracked = per_call(gc.collect, 3) / 1000
    gc.freeze()
    frozen = per_call(gc.collect, 3) / 1000
    gc.unfreeze()
    del model
    line("full collection with a 200,000-plan-sized model (frozen_heap)", tracked, frozen, "ms")


def converting_descriptor():
    from articles.models import Article

    article = Article(title_zh_hans="热点数据", title_en="Hotspot data")
    descriptor = Article.__dict__["title"]
    with translation.override("en"):
        line("article.title read in a language not converted", per_call(lambda: descriptor.wrapped.__get__(article, Article), 20000),
             per_call(lambda: article.title, 20000))  # fmt: skip
    print("  (editorial/converting_fields.py is for correctness: Traditional readers get converted text; the line "
          "above is its cost on every other read)")  # fmt: skip


def csp_policy():
    import csp.middleware
    from django.http import HttpResponse
    from django.test import RequestFactory

    from esimguide.csp_policy import SiteCSPMiddleware

    request = RequestFactory().get("/en/plans/")
    upstream = csp.middleware.CSPMiddleware(lambda request: HttpResponse("ok"))
    ours = SiteCSPMiddleware(lambda request: HttpResponse("ok"))
    line("Content-Security-Policy header per response (csp_policy)", per_call(lambda: upstream(request), 3000),
         per_call(lambda: ours(request), 3000))  # fmt: skip


if __name__ == "__main__":
    print(f"{'work-around':58} {'without':>10} {'with':>10}")
    redis_client()
    shared_fields()
    frozen_heap()
    converting_descriptor()
    csp_policy()

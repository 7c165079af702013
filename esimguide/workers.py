"""gunicorn hooks shared by the production config (gunicorn.conf.py) and the benchmark's (bench/gunicorn_bench.py)."""

import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import QueryDict
from django.utils import translation

logger = logging.getLogger("esimguide.workers")


def when_ready(server):
    """In the master, after the app is loaded (``preload_app``) and before any worker is forked: load what every
    worker needs and never changes, so they share it instead of each loading its own (OpenCC's dictionaries)."""
    from core.frozen_heap import freeze_shared
    from editorial.conversion import load_converters
    from search.terms import CONVERTERS

    load_converters(*CONVERTERS)
    freeze_shared()  # what the master loaded stays shared by the workers (core/frozen_heap.py)


def post_worker_init(worker):
    """Build the plan catalogue's read model before this worker accepts its first request.

    Built lazily, the first reader to reach a new worker would wait for it (2.4 s at 20,000 plans x 25 features),
    and workers are new after every start and every ``max_requests`` recycling. The master never builds it: a model
    inherited from a long-lived master could be too old to bring up to date by applying changes."""
    from carriers.revision_feed import feed
    from carriers.selectors import PlanSearch

    feed.known()  # starts listening for new revisions now, so the first cache hit already needs no query
    started = time.perf_counter()
    try:
        with translation.override(settings.LANGUAGE_CODE), alive(worker):
            # The plan list's facets and default order too: their bitsets are built on first use, which at this
            # size is a few milliseconds for each of a hundred regions, carriers and answers.
            search = PlanSearch(data=QueryDict())
            search.facets()
            model = search.catalogue
            model.order(search.filterset.current_sort())
    except DatabaseError:
        # The database is not reachable yet: the first request builds the model instead (or answers 503).
        logger.warning("read model not built at worker start: database unreachable", exc_info=True)
        connections.close_all()
        return
    except Exception:  # noqa: BLE001 - a warm-up must never keep a worker from starting
        logger.exception("read model not built at worker start")
        connections.close_all()
        return
    logger.info(
        "read model built at worker start",
        extra={"plans": model.live.bit_count(), "ms": round((time.perf_counter() - started) * 1000)},
    )


@contextmanager
def alive(worker, every=1.0):
    """Tell gunicorn's master every ``every`` seconds that ``worker`` is alive while the block runs.

    The master kills a worker that has not notified it for ``timeout`` seconds (30 by default), and a worker only
    starts notifying in its request loop, after ``post_worker_init``. A read model that takes longer to build than
    that (at 100,000 plans x 25 features it took 25 s in-process, more with two workers building at once) would
    have the worker killed and re-forked without end. ``worker.notify()`` is what the loop itself calls."""
    done = threading.Event()

    def beat():
        while not done.wait(every):
            worker.notify()

    thread = threading.Thread(target=beat, name="worker-start-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()

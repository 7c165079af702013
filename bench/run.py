"""Plan-page benchmark: gunicorn (sync workers) on 127.0.0.1, loaded by wrk for a bounded time.

Usage: .venv/bin/python bench/run.py [--db sqlite|postgres|both] [--duration 10] [--connections 16]
                                     [--plans N] [--features 15] [--edits]

Without --plans it runs both scenarios one after the other: 2,000 plans x 15 features (the page targets), then
20,000 plans x 25 features with a save every second (scale). --plans runs just one scenario of that size.

Creates a separate database (bench/out/bench.sqlite3, or PostgreSQL database esimguide_bench on the local
server), seeds it with bench/seed.py, and prints req/s, p50, p99 and the slowest request for each page, with its
ratio to the trivial /healthz/ view and to two anchors measured first in the same run: bare Django answering "ok"
through its full default middleware stack, and a plain Django template grid of 50 x 15 cells (bench/bare/). "uncached" pages ask for a query string never seen
before on every request (bench/unique.lua), so the page cache cannot answer; "cached" pages repeat one URL.
With --edits, a plan feature is saved every second during every run (the slowest request then shows what an
edit costs the readers), and the workers' resident memory is printed. Only 127.0.0.1 is ever targeted.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/test")
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/esimguide_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")

FILTERS = "region=r1&f1=yes&f2=yes&f2=limited"
TRIP = "region=r1&region=r2&days=7&daily_gb=1&members=2"  # unique.lua adds a never-seen hotspot_gb
UNIQUE = ROOT / "bench" / "unique.lua"
# (label, path, uncached): uncached pages get a never-seen query string on every request.
PAGES = [
    ("trivial view (/healthz/)", "/healthz/", False),
    ("plan list, uncached", "/en/plans/", True),
    ("plan list, 3 filters, uncached", f"/en/plans/?{FILTERS}", True),
    ("compare, 4 plans, uncached", "/en/plans/compare/?plans=p1,p2,p3,p4", True),
    ("JSON export, 3 filters, uncached", f"/en/plans/export.json?{FILTERS}", True),
    ("plan list, 3 filters, cached", f"/en/plans/?{FILTERS}", False),
    ("compare, 4 plans, cached", "/en/plans/compare/?plans=p1,p2,p3,p4", False),
    ("trip checker, never-seen trip", f"/en/check/?{TRIP}", True),
    ("trip checker, repeated trip", f"/en/check/?{TRIP}", False),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url, plans=2000, features=15, cache="redis"):
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    if cache == "redis":
        # The page cache in Redis, as in production (README "Scale-out"); a key prefix of this run's own, so no
        # page of an earlier run (same seed, same revision tokens) is ever served, and entries that expire soon.
        env.update(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=f"bench-{os.getpid()}-{int(time.time())}")
    env.update(
        PAGE_CACHE_SECONDS="900",
        BENCH_PLANS=str(plans),
        BENCH_FEATURES=str(features),
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="esimguide.settings.production",
        SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="ERROR",
    )
    return env


def setup_in_process(database_url, **settings):
    """Django in this process, configured as the benchmark's servers are (production settings, no Redis)."""
    os.environ.pop("REDIS_URL", None)
    os.environ.update(environment(database_url, cache="local"), **settings)
    import django

    django.setup()


def seeded_as_asked(plans, features):
    """Whether esimguide_bench exists and holds ``plans`` active plans and ``features`` features (bench/seed.py)."""
    import psycopg

    try:
        with psycopg.connect(POSTGRES_URL.replace("postgres://", "postgresql://"), connect_timeout=5) as conn:
            counted = conn.execute(
                "SELECT (SELECT count(*) FROM carriers_plan WHERE is_active), (SELECT count(*) FROM carriers_feature)"
            ).fetchone()
    except psycopg.Error:
        return False
    return counted == (plans, features)


def prepare(kind, plans, features, cache, reuse=False):
    OUT.mkdir(parents=True, exist_ok=True)
    if kind == "postgres" and reuse and seeded_as_asked(plans, features):
        # Seeding 100,000 plans takes about 8 minutes; a database seeded for the same size is measured as it is
        # (migrated to this code first). Its revision may differ from a fresh seed's; the pages do not.
        env = environment(POSTGRES_URL, plans, features, cache)
        subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        print(f"reusing esimguide_bench: {plans} plans x {features} features")
        analyze(kind)
        return env
    if kind == "sqlite":
        path = OUT / "bench.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS esimguide_bench")
            conn.execute("CREATE DATABASE esimguide_bench")
        url = POSTGRES_URL
    env = environment(url, plans, features, cache)
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "bench/seed.py"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    analyze(kind)
    return env


def analyze(kind):
    """Table statistics for the seeded rows, as autovacuum gathers them on a live server. Without them (this
    machine's server runs with autovacuum off) PostgreSQL estimated 420,000 answers for the notes of 2,500 plans
    (62,500) and read all 2.5 million of them, at 100,000 plans (bench/README.md)."""
    if kind != "postgres":
        return
    import psycopg

    with psycopg.connect(POSTGRES_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("ANALYZE")


def wait_until_up(port, timeout=30, path="/healthz/"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2).read()  # noqa: S310
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def parse_duration(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(base, path, uncached, duration, connections):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency"]
    command += ["-s", str(UNIQUE), base, "--", path] if uncached else [base + path]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=duration + 30)
    out = result.stdout
    if "Requests/sec" not in out or "99%" not in out:
        raise RuntimeError(f"wrk printed no figures for {base}{path}:\n{out}{result.stderr}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_duration(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = parse_duration(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    slowest = parse_duration(re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p50, p99, slowest, int(errors.group(1)) if errors else 0


class Editor(threading.Thread):
    """Saves one plan feature a second (a committed write, as the admin makes) until stopped."""

    def __init__(self, env):
        super().__init__(daemon=True)
        self.env, self.stop, self.saves = env, threading.Event(), 0

    def run(self):
        code = (
            "import os, sys, time, django; sys.path.insert(0, os.getcwd()); django.setup()\n"
            "from carriers.models import PlanFeature\n"
            "rows = list(PlanFeature.objects.order_by('pk').values_list('pk', flat=True)[:500])\n"
            "for line in sys.stdin:\n"
            "    row = PlanFeature.objects.get(pk=rows[int(line) % len(rows)])\n"
            "    row.support = 'limited' if row.support != 'limited' else 'yes'\n"
            "    row.value = int(line) % 20\n"
            "    row.save()\n"
            "    print('saved', flush=True)\n"
        )
        worker = subprocess.Popen([PYTHON, "-c", code], cwd=ROOT, env=self.env, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)  # fmt: skip
        try:
            while not self.stop.wait(1.0):
                worker.stdin.write(f"{self.saves}\n")
                worker.stdin.flush()
                worker.stdout.readline()
                self.saves += 1
        finally:
            worker.stdin.close()
            worker.wait(timeout=30)


def drain(p50_ms, connections, workers):
    """Wait out the requests wrk left queued when it stopped (at most one per connection): with a slow page (the
    20,000-plan JSON export takes seconds) the next page's run would otherwise start behind them."""
    time.sleep(0.5 + min(60.0, connections * p50_ms / workers / 1000))


def worker_memory(master_pid):
    """(resident, proportional, peak resident) MB of each gunicorn worker. Resident counts the pages a worker shares
    with the master and the other workers (the app's code, OpenCC's dictionaries) in full; proportional counts each
    shared page divided by the number of processes sharing it: what one more worker costs."""
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    result = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
        peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
        pss = int(re.search(r"Pss:\s+(\d+)", Path(f"/proc/{pid}/smaps_rollup").read_text()).group(1)) / 1024
        result.append((rss, pss, peak))
    return result


def anchors(duration, connections, workers):
    """Bare Django in this run, on the same machine and worker count: "ok" through the full default middleware
    stack, and a plain Django template grid of 50 x 15 cells (bench/bare/). Returns {label: (req/s, p50, p99)}."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.bare.settings", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "bench.bare.wsgi", "--config", "bench/bare/gunicorn.py", "--workers", str(workers),
         "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_until_up(port, path="/")
        base = f"http://127.0.0.1:{port}"
        result = {}
        for label, path in (("bare Django ok", "/"), ("bare Django template grid", "/grid/")):
            rps, p50, p99, _slowest, _errors = run_wrk(base, path, False, duration, connections)
            result[label] = (rps, p50, p99)
            drain(p50, connections, workers)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\nanchors: bare Django, gunicorn {workers} sync workers, wrk 2 threads, {connections} connections")
    for label, (rps, p50, p99) in result.items():
        print(f"{label:34} {rps:9.1f} {p50:8.1f} {p99:8.1f}")
    return result


def bench(kind, duration, connections, workers, plans, features, edits, cache, anchor=None, reuse=False):
    env = prepare(kind, plans, features, cache, reuse)
    port = free_port()
    server = subprocess.Popen(
        # An empty config: measure the app, not gunicorn.conf.py's access log.
        [PYTHON, "-m", "gunicorn", "esimguide.wsgi", "--config", "bench/gunicorn_bench.py", "--workers", str(workers),
         "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        # Each worker builds its read model before its first request: about 20 s in-process at 100,000 plans, more
        # with two workers building on two cores at once.
        wait_until_up(port, timeout=30 + plans // 1000)
        base = f"http://127.0.0.1:{port}"
        editor = Editor(env) if edits else None
        if editor:  # started first: its own start-up (a Django process) is not what the first run should measure
            editor.start()
        for _, path, _uncached in PAGES:  # warm up every worker and page once
            for _ in range(workers * 2):
                urllib.request.urlopen(f"{base}{path}", timeout=60).read()  # noqa: S310
        results = []
        for label, path, uncached in PAGES:
            results.append((label, *run_wrk(base, path, uncached, duration, connections)))
            drain(results[-1][2], connections, workers)
        memory = worker_memory(server.pid)
        if editor:
            editor.stop.set()
            editor.join(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    reference = results[0][1]
    bare, grid = (
        (anchor or {}).get("bare Django ok", (None,))[0],
        (anchor or {}).get("bare Django template grid", (None,))[0],
    )
    print(f"\n{kind}, page cache in {cache}: {plans} plans x {features} features; gunicorn {workers} sync workers, wrk 2 threads, "
          f"{connections} connections, {duration}s per page" + (f"; {editor.saves} saves during the run" if edits else ""))  # fmt: skip
    print(f"{'page':34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'slowest':>9} {'vs trivial':>11} {'vs bare':>8} "
          f"{'vs grid':>8} {'non-2xx':>8}")  # fmt: skip
    for label, rps, p50, p99, slowest, errors in results:
        vs_bare = f"{rps / bare:8.1%}" if bare else f"{'—':>8}"
        vs_grid = f"{rps / grid:7.2f}x" if grid else f"{'—':>8}"
        print(f"{label:34} {rps:9.1f} {p50:8.1f} {p99:8.1f} {slowest:9.1f} {rps / reference:10.1%} {vs_bare} {vs_grid} "
              f"{errors:8d}")  # fmt: skip
    print("worker memory (MB, resident / proportional / peak resident): "
          + ", ".join(f"{rss:.0f} / {pss:.0f} / {peak:.0f}" for rss, pss, peak in memory))  # fmt: skip
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="postgres")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--plans", type=int, help="one scenario of this many plans (default: both scenarios)")
    parser.add_argument("--features", type=int, default=None)
    parser.add_argument("--edits", action="store_true", help="save a plan feature every second during the runs")
    parser.add_argument("--cache", choices=["redis", "local"], default="redis",
                        help="page cache in Redis (production) or in each worker's memory (no REDIS_URL)")  # fmt: skip
    parser.add_argument("--reuse", action="store_true",
                        help="PostgreSQL: measure esimguide_bench as it is when it holds this many plans and features")  # fmt: skip
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if args.plans is None:
        # The two scenarios: the page targets at 2,000 plans, then scale with an editor saving meanwhile.
        scenarios = [(2000, args.features or 15, args.edits), (20000, args.features or 25, True)]
    else:
        scenarios = [(args.plans, args.features or 15, args.edits)]
    anchor = anchors(args.duration, args.connections, args.workers)
    for kind in kinds:
        for plans, features, edits in scenarios:
            bench(kind, args.duration, args.connections, args.workers, plans, features, edits, args.cache, anchor,
                  args.reuse)  # fmt: skip


if __name__ == "__main__":
    main()

"""Plan-page benchmark: gunicorn (sync workers) on 127.0.0.1, loaded by wrk for a bounded time.

Usage: .venv/bin/python bench/run.py [--db sqlite|postgres|both] [--duration 10] [--connections 16]

Creates a separate database (bench/out/bench.sqlite3, or PostgreSQL database esimguide_bench on the local
server), seeds it with bench/seed.py, and prints req/s, p50 and p99 for each page plus its ratio to the
trivial /healthz/ view measured in the same run. Only 127.0.0.1 is ever targeted.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/test")
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/esimguide_bench")

FILTERS = "region=r1&f1=yes&f2=yes&f2=limited"
PAGES = [
    ("trivial view (/healthz/)", "/healthz/"),
    ("plan list, unfiltered", "/en/plans/"),
    ("plan list, 3 filters", f"/en/plans/?{FILTERS}"),
    ("compare, 4 plans", "/en/plans/compare/?plans=p1,p2,p3,p4"),
    ("JSON export, 3 filters", f"/en/plans/export.json?{FILTERS}"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="esimguide.settings.production",
        SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="ERROR",
    )
    return env


def prepare(kind):
    OUT.mkdir(parents=True, exist_ok=True)
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
    env = environment(url)
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "bench/seed.py"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    return env


def wait_until_up(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2).read()  # noqa: S310
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def parse_duration(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url, duration, connections):
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "--latency", url],
        capture_output=True, text=True, check=True, timeout=duration + 30,
    )  # fmt: skip
    out = result.stdout
    if "Requests/sec" not in out or "99%" not in out:
        raise RuntimeError(f"wrk printed no figures for {url}:\n{out}{result.stderr}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_duration(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = parse_duration(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p50, p99, int(errors.group(1)) if errors else 0


def bench(kind, duration, connections, workers):
    env = prepare(kind)
    port = free_port()
    server = subprocess.Popen(
        # --config /dev/null: measure the app, not gunicorn.conf.py's access log.
        [PYTHON, "-m", "gunicorn", "esimguide.wsgi", "--config", "/dev/null", "--workers", str(workers),
         "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_until_up(port)
        for _, path in PAGES:  # warm up every worker and page once
            for _ in range(workers * 2):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()  # noqa: S310
        results = [(label, *run_wrk(f"http://127.0.0.1:{port}{path}", duration, connections)) for label, path in PAGES]
    finally:
        server.terminate()
        server.wait(timeout=30)
    reference = results[0][1]
    print(f"\n{kind}: gunicorn {workers} sync workers, wrk 2 threads, {connections} connections, {duration}s per page")
    print(f"{'page':30} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs trivial':>11} {'non-2xx':>8}")
    for label, rps, p50, p99, errors in results:
        print(f"{label:30} {rps:9.1f} {p50:8.1f} {p99:8.1f} {rps / reference:10.1%} {errors:8d}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for kind in kinds:
        bench(kind, args.duration, args.connections, args.workers)


if __name__ == "__main__":
    main()

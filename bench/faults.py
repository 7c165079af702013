"""Fault bench: load the site while a fault is injected, and print what readers got.

Usage: .venv/bin/python bench/faults.py [--seconds 8] [--clients 8]

Starts its own PostgreSQL scratch database (on the local server, through a relay process it can freeze or kill),
its own Redis on a free port, and gunicorn with the production config (2 sync workers). For each fault (Redis
stopped, database path frozen with SIGSTOP, database relay killed) it runs three phases of equal length (before,
during, after) with ``--clients`` threads asking for a mix of cached pages and never-seen addresses, and prints per
phase the status counts and the slowest request, and the recovery time: from the fault's end to the first 200 for
a never-seen address. Nothing shared is stopped or flushed: the Redis and the relay are the bench's own.
"""

import argparse
import itertools
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import Relay, app_server, environment, free_port, get, manage, scratch_database  # noqa: E402

CACHED = ["/en/plans/", "/zh-hans/plans/", "/en/plans/cmhk-travel-5/", "/zh-hant/"]


class Load:
    """``clients`` threads asking for pages until stopped; results per phase."""

    def __init__(self, base, clients):
        self.base, self.clients, self.phase, self.results = base, clients, None, {}
        self.counter, self.running = itertools.count(), True

    def _client(self):
        while self.running:
            number = next(self.counter)
            path = CACHED[number % len(CACHED)] if number % 2 else f"/en/plans/?sort=-price&page={number}"
            started = time.monotonic()
            try:
                status = get(self.base + path)[0]
            except Exception:  # noqa: BLE001 - a timeout or a reset is a result here
                status = "error"
            self.results.setdefault(self.phase, []).append((status, time.monotonic() - started, time.monotonic()))

    def __enter__(self):
        self.threads = [threading.Thread(target=self._client, daemon=True) for _ in range(self.clients)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=20)


def first_success(base):
    started = time.monotonic()
    for attempt in itertools.count():
        if get(f"{base}/en/plans/?sort=price&page={attempt + 1000}&region=hong-kong")[0] == 200:
            return time.monotonic() - started
        if time.monotonic() - started > 60:
            return None
        time.sleep(0.05)


def report(name, load, ended, first):
    print(f"\n{name}")
    for phase in ("before", "during", "after"):
        results = load.results.get(phase, [])
        statuses = Counter(status for status, _seconds, _at in results)
        slowest = max((seconds for _status, seconds, _at in results), default=0)
        counts = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items(), key=str))
        print(f"  {phase:7} {len(results):5} requests  {counts:40} slowest {slowest * 1000:6.0f} ms")
    failures = [at for status, _seconds, at in load.results.get("after", []) if status != 200]
    last = (max(failures) - ended) if failures else 0.0
    print(
        f"  recovery: first 200 for a new address {first:.2f} s after the fault ended; last failure at {last:.2f} s"
        if first is not None
        else "  did not recover within 60 s"
    )


def run_fault(name, base, clients, seconds, inject, repair):
    with Load(base, clients) as load:
        load.phase = "before"
        time.sleep(seconds)
        inject()
        load.phase = "during"
        time.sleep(seconds)
        repair()
        ended = time.monotonic()
        load.phase = "after"
        first = first_success(base)
        time.sleep(max(0.0, seconds - (time.monotonic() - ended)))
    report(name, load, ended, first)


def start_redis(port):
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() == b"PONG":
            return process
        time.sleep(0.1)
    raise RuntimeError("the bench's Redis did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    name = f"esimguide_faults_{os.getpid()}"
    redis_port = free_port()
    redis = start_redis(redis_port)
    relay = Relay()
    relay.start()
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    try:
        with scratch_database(name):
            env = environment(
                f"postgres://postgres@127.0.0.1:{relay.port}/{name}",
                REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
                WEB_CONCURRENCY="2",
            )
            manage("migrate", "--no-input", "-v0", env=env)
            manage("load_demo", "-v0", env=env)
            with app_server(env, out / "faults-gunicorn.log", workers=2) as base:
                for path in CACHED:
                    get(base + path)
                holder = {"redis": redis}

                def stop_redis():
                    holder["redis"].kill()
                    holder["redis"].wait()

                def start_again():
                    holder["redis"] = start_redis(redis_port)

                run_fault("Redis stopped", base, args.clients, args.seconds, stop_redis, start_again)
                run_fault("Database path frozen (SIGSTOP)", base, args.clients, args.seconds, relay.freeze, relay.thaw)
                run_fault("Database relay killed", base, args.clients, args.seconds, relay.cut, relay.start)
    finally:
        relay.cut()
        holder_redis = locals().get("holder", {}).get("redis", redis)
        holder_redis.kill()


if __name__ == "__main__":
    main()

"""Lighthouse and axe-core on the public pages, in every language; prints the scores and any serious violation.

    make quality            (or: .venv/bin/python bench/quality.py [--base URL] [--skip-lighthouse])

Without ``--base`` it serves the demo site itself: a fresh SQLite database with ``load_demo``, production
settings, gunicorn on a free port. Lighthouse 12.2.3 (bench/quality/package.json; newer releases need Node 22)
runs against Debian's Chromium with its default mobile profile; the target is 100 in each of the four
categories. axe-core (axe-playwright-python) checks each page at 375 and 1280 px; the target is no serious or
critical violation. The exit status is 1 when a target is missed.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import environment, free_port, wait_until_up  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
LIGHTHOUSE = ROOT / "bench" / "quality" / "node_modules" / ".bin" / "lighthouse"
LANGUAGES = ["zh-hans", "zh-hant", "en"]
LIGHTHOUSE_PAGES = {
    "home": "/",
    "plan list": "/plans/?region=hong-kong&hotspot=yes",
    "compare": "/plans/compare/?plans=csl-travel-china-8,csl-local-5g-30,smartone-prepaid-25",
    "article": "/articles/hong-kong-esim-hotspot/",
    "trip checker": "/check/",
}
AXE_PAGES = {
    **LIGHTHOUSE_PAGES,
    "plan": "/plans/csl-travel-china-8/",
    "region": "/regions/hong-kong/",
    "search": "/search/?q=hotspot",
    "report form": "/report/plan/csl-travel-china-8/",
    "not found": "/no-such-page/",
    "devices": "/devices/?q=iphone",
    # An answer says noindex (every trip is an address of its own), so Lighthouse's SEO score is the empty form's.
    "trip checker answer": "/check/?region=hong-kong&region=mainland-china&region=macau&days=7&daily_gb=1"
    "&hotspot_gb=5&device=apple-iphone-xr&bought=mainland-china",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def serve():
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="esimguide-quality-"))
    port = free_port()
    # The benchmark's production settings on plain HTTP, plus what a browser needs on http://127.0.0.1.
    env = environment(f"sqlite:///{workdir / 'demo.sqlite3'}", cache="local")
    env.update(
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
    )
    for command in (["migrate", "--no-input", "-v0"], ["load_demo"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "esimguide.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    wait_until_up(port)
    return server, f"http://127.0.0.1:{port}"


def lighthouse(url, attempts=3):
    flags = " ".join(CHROMIUM_ARGS)
    for _attempt in range(attempts):  # Lighthouse sometimes loses the trace (NO_NAVSTART): run it again
        result = subprocess.run(
            [str(LIGHTHOUSE), url, "--output=json", "--quiet", f"--chrome-flags={flags}",
             f"--only-categories={','.join(CATEGORIES)}"],
            capture_output=True, text=True, timeout=240, env={**os.environ, "CHROME_PATH": CHROMIUM},
        )  # fmt: skip
        if result.returncode == 0:
            break
    else:
        raise RuntimeError(f"lighthouse failed for {url}: {result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    # Below 100 for performance: which metric, and its value.
    metrics = ["first-contentful-paint", "largest-contentful-paint", "speed-index", "total-blocking-time",
               "cumulative-layout-shift"]  # fmt: skip
    failing += [
        f"{name} {report['audits'][name]['displayValue']}"
        for name in metrics
        if (report["audits"][name].get("score") or 0) < 0.995
    ]
    return scores, failing


def axe(base):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    checker, problems, checked = Axe(), [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in (375, 1280):
            page = browser.new_page(viewport={"width": width, "height": 800})
            for language in LANGUAGES:
                for name, path in AXE_PAGES.items():
                    page.goto(f"{base}/{language}{path}")
                    violations = checker.run(page).response["violations"]
                    checked += 1
                    for violation in violations:
                        if violation["impact"] in ("serious", "critical"):
                            nodes = len(violation["nodes"])
                            problems.append(
                                f"{name} {language} {width}px: {violation['id']} ({violation['impact']}, {nodes})"
                            )
            page.close()
        browser.close()
    return checked, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", help="a running site (default: serve the demo site here)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is printed")
    parser.add_argument("--pages", nargs="*", choices=list(LIGHTHOUSE_PAGES), help="Lighthouse only these pages")
    args = parser.parse_args()
    server = None
    if args.base:
        base = args.base.rstrip("/")
    else:
        server, base = serve()
    missed = False
    try:
        urllib.request.urlopen(f"{base}/en/", timeout=10).read()  # noqa: S310 - warm the read model
        if not args.skip_lighthouse:
            print(f"Lighthouse 12.2.3 (mobile profile), median of {args.runs} runs, {base}")
            print(f"{'page':<12} {'language':<8} " + " ".join(f"{name[:13]:>14}" for name in CATEGORIES))
            for name, path in LIGHTHOUSE_PAGES.items():
                if args.pages and name not in args.pages:
                    continue
                for language in LANGUAGES:
                    started = time.monotonic()
                    # Lighthouse's own advice on a shared machine: several runs, the median of each score.
                    runs = [lighthouse(f"{base}/{language}{path}") for _run in range(args.runs)]
                    scores = {
                        category: statistics.median_low(run[0][category] for run in runs) for category in CATEGORIES
                    }
                    failing = sorted({item for run in runs for item in run[1]})
                    missed |= any(score < 100 for score in scores.values())
                    cells = " ".join(f"{scores[category]:>14}" for category in CATEGORIES)
                    note = f"  below 1 in some run: {', '.join(failing)}" if failing else ""
                    print(f"{name:<12} {language:<8} {cells}  ({time.monotonic() - started:.0f} s){note}", flush=True)
        checked, problems = axe(base)
        print(f"\naxe-core: {checked} page views (375 and 1280 px, three languages), "
              f"{len(problems)} serious or critical violation(s)")  # fmt: skip
        for problem in problems:
            print("  " + problem)
        missed |= bool(problems)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()

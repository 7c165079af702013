"""Screenshots of the public pages at 375 px and 1280 px in every language, for a person to look at.

    .venv/bin/python bench/screenshots.py [--base http://127.0.0.1:8000] [--out /tmp/esimguide-shots]

Serve the demo site first (``make run``). Writes one PNG per page, width and language.
"""

import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PAGES = {
    "home": "/",
    "plans-filtered": "/plans/?region=hong-kong&hotspot=yes",
    "plan": "/plans/csl-travel-china-8/",
    "compare": "/plans/compare/?plans=csl-travel-china-8,csl-local-5g-30",
    "article": "/articles/hong-kong-esim-hotspot/",
    "region": "/regions/hong-kong/",
    "search": "/search/?q=热点",
    "report": "/report/plan/csl-travel-china-8/",
    "not-found": "/no-such-page/",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parent / "out" / "screenshots"))
    parser.add_argument("--languages", default="zh-hans,zh-hant,en")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--full", action="store_true", help="whole pages, not just the first screen")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in ((375, 740), (1280, 900)):
            context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 800)
            page = context.new_page()
            for language in args.languages.split(","):
                for name in args.pages.split(","):
                    page.goto(f"{args.base}/{language}{PAGES[name]}")
                    path = out / f"{name}-{language}-{width}.png"
                    page.screenshot(path=str(path), full_page=args.full)
                    print(path)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()

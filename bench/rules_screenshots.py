"""Screenshots of plan rules and the trip checker: readers' pages in all three languages at 375 px and 1280 px, and
the admin's plan form with its rule rows and a feature's rule definitions in both admin languages.

    .venv/bin/python bench/rules_screenshots.py [--out bench/out/rules-screenshots]

Builds a scratch SQLite database (bench/out/rules-shots.sqlite3) with the demo content and a Data maintainer (kit),
then takes: the trip checker (Hong Kong, Mainland China and Macau for 7 days, 1 GB a day, 5 GB of hotspot, with a
Mainland China iPhone XR), a plan page with its rules, compare with rules, the device page, and the plan list with
its rule filters open. It prints, per page, whether the page scrolls sideways at 375 px.
"""

import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.demo_site import environment, prepared, served, signed_in  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

ENV = environment(ROOT / "bench" / "out" / "rules-shots.sqlite3")
SETUP = """
from django.contrib.auth.models import Group, User
user = User.objects.create_user("kit", email="kit@example.test", password="correct horse battery", is_staff=True)
user.groups.add(Group.objects.get(name="Data maintainer"))
from carriers.models import Feature, Plan
print(Plan.objects.get(slug="cmhk-greater-bay-20").pk)
print(Feature.objects.get(slug="hotspot").pk)
"""
TRIP = ("check/?region=hong-kong&region=mainland-china&region=macau&days=7&daily_gb=1&hotspot_gb=5"
        "&device=apple-iphone-xr&bought=mainland-china")  # fmt: skip
PAGES = {
    "check": TRIP,
    "plan": "plans/cmhk-greater-bay-20/",
    "compare": "plans/compare/?plans=csl-data-unlimited-7,cmhk-greater-bay-20,csl-travel-china-8",
    "devices": "devices/",
    "list": "plans/?cross-border-data.destinations=macau",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "rules-screenshots"))
    out = pathlib.Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    plan_pk, feature_pk = prepared(ROOT, ENV, SETUP)[-2:]  # after what the shell prints on start
    from playwright.sync_api import sync_playwright

    with served(ROOT, ENV) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for language in ("zh-hans", "zh-hant", "en"):
            for width in (375, 1280):
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                for name, address in PAGES.items():
                    page.goto(f"{base}/{language}/{address}")
                    if name == "list":
                        page.click("details.rule-filters summary")
                    sideways = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
                    page.screenshot(path=out / f"{name}-{language}-{width}.png", full_page=True)
                    print(f"{name} {language} {width}px: {'SCROLLS SIDEWAYS' if sideways else 'fits'}")
                context.close()
        for locale in ("zh-CN", "en-US"):
            for width in (375, 1280):
                context, page = signed_in(browser, base, locale, width, "kit")
                page.goto(f"{base}/admin/carriers/plan/{plan_pk}/change/")
                page.locator("#rule_values-group").scroll_into_view_if_needed()
                page.screenshot(path=out / f"admin-plan-rules-{locale}-{width}.png", full_page=True)
                plan_width = page.evaluate("document.documentElement.scrollWidth")
                page.goto(f"{base}/admin/carriers/feature/{feature_pk}/change/")
                page.screenshot(path=out / f"admin-feature-rules-{locale}-{width}.png", full_page=True)
                wide = page.evaluate("document.documentElement.scrollWidth")
                print(f"admin {locale} {width}px: plan form {plan_width} px wide, feature form {wide} px wide")
                context.close()
        browser.close()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()

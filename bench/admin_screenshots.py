"""Screenshots of the admin pages that refuse or confirm, in both admin languages at 375 px and 1280 px.

    .venv/bin/python bench/admin_screenshots.py [--out bench/out/admin-screenshots]

Builds a scratch SQLite database (bench/out/admin-shots.sqlite3) with the demo content, an Editor and a Data
maintainer, and a plan with two versions; serves it with ``runserver`` on a free port; then, signed in as each role,
takes: the spreadsheet import's problem page (a CSV with four bad rows), the restore confirmation (as the Editor,
so facts are listed as not restored), a refused action (the Editor pressing "verify" by hand), the plan's history
with the change log's fact changes below its versions, the change log itself and the review queue.
"""

import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.demo_site import environment, prepared, served, signed_in  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

ENV = environment(ROOT / "bench" / "out" / "admin-shots.sqlite3")
SETUP = """
import reversion
from decimal import Decimal
from django.contrib.auth.models import Group, User
from carriers.models import Plan
for name, role in (("mei", "Editor"), ("kit", "Data maintainer")):
    user = User.objects.create_user(name, password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
plan = Plan.objects.get(slug="csl-travel-china-8")
with reversion.create_revision():
    plan.save()
plan = Plan.objects.get(pk=plan.pk)
plan.price, plan.name_en = plan.price + Decimal(10), plan.name_en + " (new name)"
with reversion.create_revision():
    plan.save()
from datetime import timedelta
from django.utils import timezone
from articles.models import Article
article = Article.objects.get(slug="us-esim-tethering-cap")
article.published_at = timezone.now() + timedelta(days=3)
article.slug = "us-esim-tethering-limits"
article.save()
from carriers.models import PlanAttribute, PlanFeature
PlanFeature.objects.filter(plan=plan, support="limited").update(support="yes")  # a bulk update: no version
PlanFeature.objects.filter(plan=plan, feature__slug="hotspot").update(support="no")  # queues the hotspot articles
rule = PlanAttribute.objects.filter(plan=plan, number__isnull=False).first()
if rule is not None:
    PlanAttribute.objects.filter(pk=rule.pk).update(number=rule.number * 2)
print(article.pk)
print(plan.pk)
"""
BAD_CSV = (
    "slug,carrier,name_zh_hans,name_en,plan_type,data_gb,is_unlimited_data,validity_days,price,currency,is_5g,"
    "purchase_url,is_active\n"
    "csl-travel-china-8,csl,csl 中国 8 日,csl China 8,travel,8,0,8,abc,HKD,0,,1\n"
    "new-plan,csl,新计划,New plan,daily,5,0,7,48,HKD,0,,1\n"
    "other-plan,nobody,其他,Other,travel,5,0,seven,48,HKD,0,,1\n"
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "admin-screenshots"))
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    *_, article_id, plan_id = prepared(ROOT, ENV, SETUP)
    csv_path = out / "bad-plans.csv"
    csv_path.write_text(BAD_CSV)
    from playwright.sync_api import sync_playwright

    with served(ROOT, ENV) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for locale, language in (("zh-CN", "zh-hans"), ("en-GB", "en")):
            for width in (375, 1280):
                shots(browser, base, out, locale, language, width, plan_id, csv_path)
                editor_pages(browser, base, out, locale, language, width, article_id)
        browser.close()
    print(f"screenshots in {out}")


def shots(browser, base, out, locale, language, width, plan_id, csv_path):
    name = f"{language}-{width}"
    context, page = signed_in(browser, base, locale, width, "kit")
    page.goto(f"{base}/admin/carriers/plan/import/")
    page.set_input_files("#id_import_file", str(csv_path))
    page.click(".sheet-import form input[type=submit]")
    page.screenshot(path=out / f"import-errors-{name}.png", full_page=True)
    page.goto(f"{base}/admin/carriers/plan/{plan_id}/history/")
    page.screenshot(path=out / f"plan-history-{name}.png", full_page=True)
    page.goto(f"{base}/admin/carriers/cataloguechange/")
    page.screenshot(path=out / f"change-log-{name}.png", full_page=True)
    context.close()

    context, page = signed_in(browser, base, locale, width, "mei")
    page.goto(f"{base}/admin/carriers/plan/{plan_id}/history/")
    page.click("a.button[href*='/restore/']")
    page.screenshot(path=out / f"restore-confirm-{name}.png", full_page=True)
    page.goto(f"{base}/admin/carriers/plan/{plan_id}/change/")
    page.evaluate(
        "(url) => { const f = document.createElement('form'); f.method = 'post'; f.action = url;"
        " const t = document.querySelector('[name=csrfmiddlewaretoken]').cloneNode(); f.appendChild(t);"
        " document.body.appendChild(f); f.submit(); }",
        f"/admin/carriers/plan/{plan_id}/verify/",
    )
    page.wait_for_load_state()
    page.screenshot(path=out / f"refused-{name}.png", full_page=True)
    context.close()


def editor_pages(browser, base, out, locale, language, width, article_id):
    """A scheduled article's form (it says when it appears) and the redirect its rename left."""
    context, page = signed_in(browser, base, locale, width, "mei")
    page.goto(f"{base}/admin/articles/article/{article_id}/change/")
    page.screenshot(path=out / f"article-scheduled-{language}-{width}.png")
    page.goto(f"{base}/admin/editorial/redirect/")
    page.screenshot(path=out / f"redirects-{language}-{width}.png")
    page.goto(f"{base}/admin/articles/articletoreview/")
    page.screenshot(path=out / f"to-review-{language}-{width}.png", full_page=True)
    context.close()


if __name__ == "__main__":
    main()

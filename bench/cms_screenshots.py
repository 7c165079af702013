"""Screenshots of the editors' CMS, in both admin languages at 375 px and 1280 px, and readers' pages with images in
all three languages.

    .venv/bin/python bench/cms_screenshots.py [--out bench/out/cms-screenshots]

Builds a scratch SQLite database (bench/out/cms-shots.sqlite3) with the demo content, an Editor (mei) and a Chief
editor (wing); uploads two images through the admin, places them in a published article as the Editor (a draft of
changes, submitted for review), then takes: the draft-versus-live form, the review queue as the Chief editor, the
image library and one image's page, the plan form with its feature rows (and prints its width: it must fit 1280
px), then publishes and takes the article with its images as readers see it.
"""

import argparse
import io
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.demo_site import environment, prepared, served, signed_in  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

ENV = environment(ROOT / "bench" / "out" / "cms-shots.sqlite3", MEDIA_ROOT=str(ROOT / "bench" / "out" / "cms-media"))
SETUP = """
from django.contrib.auth.models import Group, User
for name, role in (("mei", "Editor"), ("wing", "Chief editor"), ("kit", "Data maintainer")):
    user = User.objects.create_user(name, email=f"{name}@example.test", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
from articles.models import Article
from carriers.models import Plan
print(Article.objects.get(slug="hong-kong-esim-hotspot").pk)
print(Plan.objects.get(slug="csl-travel-china-8").pk)
"""
ARTICLE = "hong-kong-esim-hotspot"


def picture(colour, size):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for step in range(0, size[0], 40):
        draw.line([(step, 0), (step + size[1] // 2, size[1])], fill=(255, 255, 255), width=6)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def prepare_content(browser, base, article_id):
    """As the Editor: upload two images and place them in the published article (a draft of changes)."""
    context, page = signed_in(browser, base, "en-GB", 1280, "mei")
    for name, colour, alt_zh, alt_en in (
        ("harbour.jpg", (20, 90, 160), "手机热点连着笔记本电脑", "A phone sharing its hotspot with a laptop"),
        ("border.jpg", (160, 80, 30), "深圳湾口岸的指示牌", "Signs at the Shenzhen Bay checkpoint"),
    ):
        page.goto(f"{base}/admin/images/image/add/")
        page.set_input_files(
            "#id_file", {"name": name, "mimeType": "image/jpeg", "buffer": picture(colour, (1600, 1000))}
        )
        page.select_option("#modeltranslation-main-switch", label="zh-hans")
        page.fill("#id_alt_zh_hans", alt_zh)
        page.select_option("#modeltranslation-main-switch", label="en")
        page.fill("#id_alt_en", alt_en)
        page.fill("#id_credit", "esimguide team, 2026-12")
        page.click("input[name=_save]")
    page.goto(f"{base}/admin/articles/article/{article_id}/change/")
    for language in ("zh_hans", "en"):
        page.select_option("#modeltranslation-main-switch", label=language.replace("_", "-"))
        body = page.locator(f"#id_body_{language}")
        text = body.input_value().split("\n\n")
        body.fill("\n\n".join([*text, "[[image 2]]", "[[image 3]]"]))  # 1 is the demo's own illustration
    page.click("input[name=_submit]")
    context.close()


def editor_shots(browser, base, out, locale, language, width, article_id, plan_id):
    name = f"{language}-{width}"
    context, page = signed_in(browser, base, locale, width, "wing")
    page.goto(f"{base}/admin/")
    page.screenshot(path=out / f"index-review-queue-{name}.png")
    page.goto(f"{base}/admin/articles/article/?review=submitted")
    page.screenshot(path=out / f"review-queue-{name}.png")
    page.goto(f"{base}/admin/articles/article/{article_id}/change/")
    page.screenshot(path=out / f"draft-vs-live-{name}.png", full_page=True)
    page.goto(f"{base}/admin/images/image/")
    page.screenshot(path=out / f"image-library-{name}.png")
    page.goto(f"{base}/admin/images/image/2/change/")
    page.screenshot(path=out / f"image-page-{name}.png", full_page=True)
    context.close()
    context, page = signed_in(browser, base, locale, width, "kit")  # the Data maintainer edits every column
    page.goto(f"{base}/admin/carriers/plan/{plan_id}/change/")
    page.screenshot(path=out / f"plan-form-{name}.png", full_page=True)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    print(f"plan form at {width} px ({language}): page is {scroll} px wide")
    context.close()


def reader_shots(browser, base, out):
    for language in ("zh-hans", "zh-hant", "en"):
        for width in (375, 1280):
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(f"{base}/{language}/articles/{ARTICLE}/")
            page.screenshot(path=out / f"article-images-{language}-{width}.png", full_page=True)
            context.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "cms-screenshots"))
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    *_, article_id, plan_id = prepared(ROOT, ENV, SETUP)
    from playwright.sync_api import sync_playwright

    with served(ROOT, ENV) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        prepare_content(browser, base, article_id)
        for locale, language in (("zh-CN", "zh-hans"), ("en-GB", "en")):
            for width in (375, 1280):
                editor_shots(browser, base, out, locale, language, width, article_id, plan_id)
        context, page = signed_in(browser, base, "en-GB", 1280, "wing")
        page.goto(f"{base}/admin/articles/article/{article_id}/change/")
        page.click("input[name=_publish]")
        context.close()
        reader_shots(browser, base, out)
        browser.close()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()

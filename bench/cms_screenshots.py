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
import os
import pathlib
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.servers import free_port  # noqa: E402

DATABASE = ROOT / "bench" / "out" / "cms-shots.sqlite3"
MEDIA = ROOT / "bench" / "out" / "cms-media"
ENV = {
    **os.environ,
    "DATABASE_URL": f"sqlite:///{DATABASE}",
    "MEDIA_ROOT": str(MEDIA),
    "DJANGO_SETTINGS_MODULE": "esimguide.settings.dev",
}
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


def manage(*arguments, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=ENV, check=True, **kwargs)


def signed_in(browser, base, locale, width, username):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    return context, page


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
        body.fill("\n\n".join([text[0], "[[image 1]]", *text[1:], "[[image 2]]"]))
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
    page.goto(f"{base}/admin/images/image/1/change/")
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
    DATABASE.unlink(missing_ok=True)
    manage("migrate", "--no-input", "-v0")
    manage("load_demo", "-v0")
    *_, article_id, plan_id = manage("shell", "-c", SETUP, capture_output=True, text=True).stdout.strip().splitlines()
    port = free_port()
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              cwd=ROOT, env=ENV, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz/", timeout=1)  # noqa: S310 - 127.0.0.1 only
            break
        except OSError:
            time.sleep(0.1)
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
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
    finally:
        server.terminate()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()

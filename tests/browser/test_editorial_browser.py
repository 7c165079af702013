"""The editors' whole path in a browser: an Editor imports a Markdown file, uploads an image, places it, previews
the unsaved text and submits it for review; a Chief editor approves; readers see the article and its image."""

import io

import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect

from articles.models import Article
from images.models import Image
from tests.factories import ChiefEditorFactory, EditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKDOWN = """# 香港 eSIM 可以开热点吗

大多数香港预付 eSIM 允许开热点，但要看条款里的上限。

## 怎么确认

查看套餐说明中的“热点”或“共享”字样。
""".encode()


def jpeg():
    out = io.BytesIO()
    PILImage.new("RGB", (1200, 800), (20, 90, 160)).save(out, format="JPEG")
    return out.getvalue()


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#queues-title")).to_have_text("Waiting for editors")


@pytest.fixture
def editors(live_server, page, hong_kong, hotspot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hotspot.keywords_zh_hans = "热点"
    hotspot.save()
    EditorFactory(username="mei")
    ChiefEditorFactory(username="wing")
    page.set_extra_http_headers({"Accept-Language": "en"})
    return page


def test_import_image_preview_submit_approve_and_readers_see_it(live_server, editors):
    page = editors
    sign_in(page, live_server, "mei")

    # 1. Import a Markdown file; it becomes a draft.
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.get_by_role("link", name="Import Markdown").click()
    page.set_input_files(
        "#id_files", [{"name": "hk-hotspot.zh-hans.md", "mimeType": "text/markdown", "buffer": MARKDOWN}]
    )
    page.select_option("#id_language", "zh-hans")
    expect(page.locator("#id_publish")).to_have_count(0)  # an Editor's imports are drafts
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".import-summary")).to_have_text("1 file: 1 created, 0 updated, 0 failed.")

    # 2. Upload an image to the library.
    page.goto(f"{live_server.url}/admin/images/image/add/")
    page.set_input_files("#id_file", [{"name": "harbour.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}])
    page.select_option("#modeltranslation-main-switch", label="zh-hans")
    page.fill("#id_alt_zh_hans", "维多利亚港")
    page.select_option("#modeltranslation-main-switch", label="en")
    page.fill("#id_alt_en", "Victoria Harbour")
    page.fill("#id_credit", "esimguide team, 2026-11")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    tag = Image.objects.get().tag

    # 3. Place it and preview the unsaved text.
    article = Article.objects.get(slug="hk-hotspot")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.select_option("#modeltranslation-main-switch", label="zh-hans")
    chinese = page.locator("#id_body_zh_hans")
    chinese.fill(f"{chinese.input_value()}\n\n{tag}")
    page.select_option("#modeltranslation-main-switch", label="en")
    page.fill("#id_title_en", "Can a Hong Kong eSIM share a hotspot?")
    page.fill("#id_body_en", f"Most Hong Kong prepaid eSIMs allow a hotspot.\n\n{tag}\n\nCheck the cap in the terms.")
    with page.context.expect_page() as preview_info:
        page.get_by_role("button", name="Preview unsaved (English)").click()
    preview = preview_info.value
    expect(preview.locator(".preview-banner")).to_contain_text("unsaved changes included")
    expect(preview.locator("h1")).to_have_text("Can a Hong Kong eSIM share a hotspot?")
    expect(preview.locator("figure.article-image img")).to_have_attribute("alt", "Victoria Harbour")
    preview.close()
    assert Article.objects.get(pk=article.pk).title_en in ("", None)  # the preview saved nothing

    # 4. Submit for review.
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("Submitted for review")
    assert page.context.request.get(f"{live_server.url}/en/articles/hk-hotspot/").status == 404

    # 5. The Chief editor approves.
    sign_in(page, live_server, "wing")
    page.get_by_role("link", name="Awaiting your review").click()
    page.get_by_role("link", name="Can a Hong Kong eSIM share a hotspot?").click()
    expect(page.locator(".review-state")).to_contain_text("submitted by mei")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messagelist")).to_contain_text("Published: readers see it now.")

    # 6. Readers see it, with its image, in English and Traditional Chinese.
    page.context.clear_cookies()
    for language, alt in (("en", "Victoria Harbour"), ("zh-hant", "維多利亞港")):
        page.goto(f"{live_server.url}/{language}/articles/hk-hotspot/")
        image = page.locator("figure.article-image img")
        expect(image).to_have_attribute("alt", alt)
        expect(image).to_have_attribute("width", "1200")
        assert page.evaluate("document.querySelector('figure.article-image img').naturalWidth") > 0

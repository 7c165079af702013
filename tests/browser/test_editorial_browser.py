"""An editor imports a Markdown file, translates it, previews it, publishes it, and readers see it."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import EditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKDOWN = """# 香港 eSIM 可以开热点吗

大多数香港预付 eSIM 允许开热点，但要看条款里的上限。

## 怎么确认

查看套餐说明中的“热点”或“共享”字样。
""".encode()


@pytest.fixture
def editor_page(live_server, page, hong_kong, hotspot):
    hotspot.keywords_zh_hans = "热点"
    hotspot.save()
    EditorFactory(username="mei")
    page.set_extra_http_headers({"Accept-Language": "en"})
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "mei")
    page.fill("#id_password", "correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#queues-title")).to_have_text("Waiting for editors")
    return page


def test_editor_imports_translates_previews_publishes_and_readers_see_it(live_server, editor_page):
    page = editor_page
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.get_by_role("link", name="Import Markdown").click()
    page.set_input_files(
        "#id_files", [{"name": "hk-hotspot.zh-hans.md", "mimeType": "text/markdown", "buffer": MARKDOWN}]
    )
    page.select_option("#id_language", "zh-hans")
    page.get_by_role("button", name="Import").click()

    expect(page.locator(".import-summary")).to_have_text("1 file: 1 created, 0 updated, 0 failed.")
    expect(page.locator(".import-report")).to_contain_text("Hong Kong, Hotspot")
    page.get_by_role("link", name="香港 eSIM 可以开热点吗").click()

    expect(page.locator(".translation-states")).to_contain_text("English: missing")
    page.select_option("#modeltranslation-main-switch", label="en")  # every field group shows its English tab
    page.fill("#id_title_en", "Can a Hong Kong eSIM share a hotspot?")
    page.fill("#id_body_en", "Most Hong Kong prepaid eSIMs allow a hotspot; check the cap in the terms.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    with page.context.expect_page() as preview_info:
        page.get_by_role("link", name="Preview (English)").click()
    preview = preview_info.value
    expect(preview.locator(".preview-banner")).to_contain_text("Draft: readers cannot see this article.")
    expect(preview.locator("h1")).to_have_text("Can a Hong Kong eSIM share a hotspot?")
    preview.close()

    assert page.context.request.get(f"{live_server.url}/en/articles/hk-hotspot/").status == 404
    page.select_option("#id_status", "published")
    page.locator(".datetimeshortcuts a", has_text="Today").first.click()
    page.locator(".datetimeshortcuts a", has_text="Now").first.click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{live_server.url}/en/articles/hk-hotspot/")
    expect(page.locator("h1")).to_have_text("Can a Hong Kong eSIM share a hotspot?")
    assert Article.objects.get(slug="hk-hotspot").is_published

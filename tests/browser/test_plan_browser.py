import re

import pytest
from playwright.sync_api import expect

from tests.factories import CarrierFactory, plan_with_features

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(hong_kong, hotspot, family_sharing):
    carrier = CarrierFactory(region=hong_kong, slug="harbour", name_en="Harbour Mobile", name_zh_hans="海港流动")
    answers = [("yes", "yes"), ("yes", "yes"), ("yes", "no"), ("limited", "yes"), ("no", "no")]
    for index, (hot, family) in enumerate(answers):
        plan_with_features(
            carrier=carrier, slug=f"plan-{index}", name_en=f"Plan {index}", name_zh_hans=f"计划{index}",
            support_by_feature={hotspot: hot, family_sharing: family}, price=10 + index, currency="USD",
        )  # fmt: skip


def test_reader_filters_by_two_features_compares_two_plans_and_switches_language(live_server, page, catalogue):
    page.goto(f"{live_server.url}/en/plans/")
    count = page.locator(".result-count strong")
    expect(count).to_have_text("5 plans match")

    page.locator('#facet-hotspot input[value="yes"]').check()
    expect(count).to_have_text("3 plans match")
    expect(page).to_have_url(re.compile(r"\?hotspot=yes$"))
    page.locator('#facet-family-sharing input[value="yes"]').check()
    expect(count).to_have_text("2 plans match")
    expect(page).to_have_url(re.compile(r"hotspot=yes&family-sharing=yes"))

    page.get_by_role("link", name="Add Plan 0").click()
    expect(page.locator(".compare-tray")).to_contain_text("1 plan chosen for comparison")
    page.get_by_role("link", name="Add Plan 1").click()
    expect(page.locator(".compare-tray")).to_contain_text("2 plans chosen for comparison")

    page.get_by_role("link", name="简体", exact=True).click()
    expect(page).to_have_url(
        re.compile(r"/zh-hans/plans/\?hotspot=yes&family-sharing=yes&compare=plan-0&compare=plan-1")
    )
    expect(page.locator(".result-count strong")).to_have_text("2 个计划符合条件")
    expect(page.locator('#facet-hotspot input[value="yes"]')).to_be_checked()

    page.get_by_role("link", name="并排比较").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/plans/compare/\?plans=plan-0,plan-1$"))
    expect(page.locator("table.compare thead")).to_contain_text("计划0")
    expect(page.locator("table.compare thead")).to_contain_text("计划1")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/plans/compare/\?plans=plan-0,plan-1$"))
    expect(page.locator("table.compare thead")).to_contain_text("Plan 1")


def test_filters_work_without_javascript(live_server, browser, catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/plans/")

    page.locator('#facet-hotspot input[value="limited"]').check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"hotspot=limited"))
    expect(page.locator(".result-count strong")).to_have_text("1 plan matches")
    context.close()

"""At 375 px the plan list shows plan cards: the filtered feature is on the first card, no sideways scrolling."""

import pytest

from tests.factories import CarrierFactory, FeatureFactory, plan_with_features

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(hong_kong, hotspot, family_sharing):
    # Enough features that a table would need to scroll sideways on a phone; family sharing is the last column.
    extra = [FeatureFactory(slug=f"extra-{n}", name_en=f"Extra feature {n}", display_order=n) for n in range(2, 7)]
    family_sharing.display_order = 99
    family_sharing.save()
    carrier = CarrierFactory(region=hong_kong, slug="harbour", name_en="Harbour Mobile", name_zh_hans="海港流动")
    for index in range(3):
        plan_with_features(
            carrier=carrier, slug=f"plan-{index}", name_en=f"Plan {index}", name_zh_hans=f"计划{index}",
            support_by_feature={hotspot: "yes", family_sharing: "yes", **dict.fromkeys(extra, "no")},
            price=10 + index, currency="USD",
        )  # fmt: skip


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_filtered_feature_is_on_the_first_plan_card_without_scrolling_sideways(live_server, phone, catalogue):
    phone.goto(f"{live_server.url}/en/plans/?region=hong-kong&family-sharing=yes")

    card = phone.locator("table.plans tbody tr").first
    cell = card.locator('td[data-label="Family sharing"]')
    box, price = cell.bounding_box(), card.locator('td[data-label="Price"]').bounding_box()
    assert box is not None and price is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert price["x"] >= 0 and price["x"] + price["width"] <= 375
    assert "Yes" in cell.inner_text()
    assert no_sideways_scroll(phone)
    # The filtered feature comes right after price, data and validity, not below the five others.
    labels = card.locator("td.feature-cell").evaluate_all("cells => cells.map(c => c.dataset.label)")
    assert labels[0] == "Family sharing"


@pytest.mark.parametrize("path", ["/zh-hans/regions/hong-kong/", "/zh-hant/plans/", "/en/carriers/harbour/"])
def test_other_plan_tables_are_cards_on_a_phone_too(live_server, phone, catalogue, path):
    phone.goto(f"{live_server.url}{path}")

    assert phone.locator("table.plans tbody tr").count() == 3
    assert no_sideways_scroll(phone)


def test_compare_keeps_plan_names_in_view(live_server, phone, catalogue):
    phone.goto(f"{live_server.url}/en/plans/compare/?plans=plan-0,plan-1,plan-2")

    scroller = phone.locator(".compare-scroll")
    scroller.evaluate("element => element.scrollTo(0, element.scrollHeight)")
    header = phone.locator(".compare-scroll thead th").nth(1).bounding_box()
    region = scroller.bounding_box()
    assert header is not None and region is not None
    assert abs(header["y"] - region["y"]) < 2  # still at the top of the scrolled table
    assert no_sideways_scroll(phone)

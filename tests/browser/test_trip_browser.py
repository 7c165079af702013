"""At 375 px a reader fills in the trip checker without JavaScript's help and sees, without scrolling sideways, the
first plan that fits and the first reason another does not."""

import pytest

from tests.trips.test_views import bay  # noqa: F401 - the fixture: three Hong Kong plans with hotspot rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_fills_the_checker_on_a_phone_and_sees_the_first_pass_and_the_first_reason(live_server, phone, bay):  # noqa: F811
    phone.goto(f"{live_server.url}/en/check/")
    phone.get_by_label("Hong Kong").check()
    phone.get_by_label("Mainland China").check()
    phone.get_by_label("Days").fill("7")
    phone.get_by_label("Data a day (GB)").fill("1")
    phone.get_by_label("Hotspot data over the whole trip (GB)").fill("5")
    phone.get_by_role("button", name="Check plans").click()
    phone.wait_for_url("**/check/?*")

    first_pass = phone.locator(".trip-list.passes .trip-plan").first
    first_reason = phone.locator(".trip-list.fails .reasons li").first
    assert "Plan fits" in first_pass.inner_text() and "US$ 8.96 in total" in first_pass.inner_text()
    assert "hotspot capped at 0.5 GB a day in Mainland China" in first_reason.inner_text()
    for box in (first_pass.bounding_box(), first_reason.bounding_box()):
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert "days=7" in phone.url and "region=mainland-china" in phone.url  # the answer is an address to share

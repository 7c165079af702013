"""/<lang>/check/ as readers use it: a GET form whose every answer is an address, in three languages and as JSON."""

import json

import pytest

from devices.models import Device, DeviceSetup
from tests.factories import (
    CarrierFactory,
    FeatureFactory,
    FeatureRuleFactory,
    PlanFactory,
    PlanFeatureFactory,
    RegionFactory,
    rule_value,
)

pytestmark = pytest.mark.django_db

TRIP = "region=hong-kong&region=mainland-china&days=7&daily_gb=1&hotspot_gb=5"


@pytest.fixture
def bay(hong_kong, hotspot):
    """Three Hong Kong plans: one that fits the trip, one capped too low, one whose hotspot is not recorded."""
    mainland = RegionFactory(slug="mainland-china", name_en="Mainland China", name_zh_hans="中国内地")
    RegionFactory(slug="macau", name_en="Macau", name_zh_hans="澳门")
    cross = FeatureFactory(slug="cross-border-data", name_en="Cross-border data")
    cap = FeatureRuleFactory(feature=hotspot, slug="cap", kind="data")
    window = FeatureRuleFactory(feature=hotspot, slug="window", kind="choice",
                                options="calendar-day | 每个日历日 | a day")  # fmt: skip
    destinations = FeatureRuleFactory(feature=cross, slug="destinations", kind="regions")
    carrier = CarrierFactory(region=hong_kong, name_en="Harbour Mobile")
    plans = {}
    for slug, support, gb, price in (("fits", "limited", 1, 70), ("too-low", "limited", "0.5", 50),
                                     ("unknown", "unknown", None, 40)):  # fmt: skip
        plan = PlanFactory(slug=slug, name_en=f"Plan {slug}", carrier=carrier, price=price, validity_days=10)
        PlanFeatureFactory(plan=plan, feature=hotspot, support=support)
        rule_value(plan, destinations, "mainland-china")
        if gb is not None:  # 3 GB a day in Hong Kong, less in Mainland China
            rule_value(plan, cap, "3 GB")
            rule_value(plan, window, "calendar-day")
            rule_value(plan, cap, f"{gb} GB", region=mainland)
        plans[slug] = plan
    return plans


def test_a_reader_sees_passes_with_prices_fails_with_reasons_and_unconfirmed_apart(client, bay):
    html = client.get(f"/en/check/?{TRIP}").content.decode()

    passes, rest = html.split("plans not confirmed")[0], html
    assert "1 plan meets every need" in passes and "Plan fits" in passes
    assert "US$ 8.96 in total · US$ 1.28 a day" in passes  # HKD 70 at the demo rate, over 7 days
    assert "hotspot capped at 1 GB a day in Mainland China; you need 0.71 GB a day — fits" in passes
    assert "hotspot capped at 0.5 GB a day in Mainland China; you need 0.71 GB a day" in rest
    assert "1 plan not confirmed" in html and "whether it allows a hotspot is not recorded" in html


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        ("zh-hans", ["香港、中国内地，7 天", "1 个计划满足每项需要", "共 US$ 8.96 · 每天 US$ 1.28", "1 个计划未能确认",
                     "1 个计划不符合"]),
        ("zh-hant", ["香港、中國內地，7 天", "1 個計劃滿足每項需要", "共 US$ 8.96 · 每天 US$ 1.28", "1 個計劃未能確認",
                     "1 個計劃不符合"]),
    ],
)  # fmt: skip
def test_the_answers_sentences_with_numbers_are_in_the_readers_language(client, bay, language, sentences):
    html = client.get(f"/{language}/check/?{TRIP}").content.decode()

    assert [sentence for sentence in sentences if sentence not in html] == []
    assert "plan" not in html.split('class="trip-results"')[1].split("</h2>")[0]


def test_the_json_answer_is_the_pages_in_its_language(client, bay):
    body = json.loads(client.get(f"/zh-hans/check/?{TRIP}&format=json").content)

    assert [entry["plan"] for entry in body["passes"]] == ["fits"]
    assert body["passes"][0]["total_price"] == "8.96" and body["passes"][0]["price_per_day"] == "1.28"
    assert body["fails"] == [{"plan": "too-low", "reasons": ["热点每天上限 0.5 GB（中国内地）；你每天需要 0.71 GB"]}]
    assert body["unconfirmed"] == [{"plan": "unknown", "unknowns": ["未记录是否允许开热点"]}]
    assert body["language"] == "zh-hans" and body["counts"] == {"pass": 1, "fail": 1, "unconfirmed": 1}


@pytest.mark.parametrize(
    ("language", "query", "message"),
    [
        ("en", "region=hong-kong&days=-3", "Enter a number of at least 1."),
        ("zh-hans", "region=hong-kong&days=-3", "请输入不小于 1 的数字。"),
        ("zh-hant", "region=hong-kong&days=-3", "請輸入不小於 1 的數字。"),
        ("en", "region=atlantis&days=3", "“atlantis” is not a place we cover"),
        ("zh-hans", "region=atlantis&days=3", "“atlantis”不在我们覆盖的地区内"),
        ("zh-hant", "region=atlantis&days=3", "“atlantis”不在我們覆蓋的地區內"),
        ("en", "region=hong-kong&days=3&daily_gb=lots", "Enter a number."),
        ("zh-hans", "region=hong-kong&days=3&daily_gb=lots", "请输入数字。"),
        ("zh-hant", "region=hong-kong&days=3&daily_gb=lots", "請輸入數字。"),
        ("en", "&".join(["region=hong-kong"] * 990) + "&days=3", "Choose at most 12 places."),
        ("zh-hans", "&".join(["region=hong-kong"] * 990) + "&days=3", "最多选择 12 个地区。"),
        ("zh-hant", "&".join(["region=hong-kong"] * 990) + "&days=3", "最多選擇 12 個地區。"),
    ],
)
def test_bad_input_is_named_on_the_page_in_its_language(client, bay, language, query, message):
    page = client.get(f"/{language}/check/?{query}")
    data = client.get(f"/{language}/check/?{query}&format=json")

    assert page.status_code == 200 and message in page.content.decode()
    assert data.status_code == 400 and message in " ".join(e["message"] for e in json.loads(data.content)["errors"])


@pytest.mark.parametrize(("language", "words"), [("en", "could not be read"), ("zh-hans", "无法读取这个地址"),
                                                  ("zh-hant", "無法讀取這個地址")])  # fmt: skip
def test_an_address_with_more_parts_than_django_reads_gets_a_page_in_its_language(client, language, words):
    response = client.get(f"/{language}/check/?" + "&".join(f"region=r{i}" for i in range(1500)))
    assert response.status_code == 400 and words in response.content.decode()


def test_the_device_warning_appears_for_a_mainland_china_iphone(client, bay):
    phone = Device.objects.create(slug="iphone-xr", brand="Apple", model="iPhone XR", year=2018)
    DeviceSetup.objects.create(device=phone, sales_region="mainland-china", sim_setup="dual-nano")
    DeviceSetup.objects.create(device=phone, sales_region="hong-kong", sim_setup="nano-esim")

    mainland = client.get(f"/en/check/?{TRIP}&device=iphone-xr&bought=mainland-china").content.decode()
    hong_kong = client.get(f"/en/check/?{TRIP}&device=iphone-xr&bought=hong-kong").content.decode()
    unsure = client.get(f"/zh-hans/check/?{TRIP}&device=iphone-xr").content.decode()

    assert "The Apple iPhone XR sold in Mainland China has no eSIM" in mainland
    assert "has no eSIM" not in hong_kong
    assert "在中国大陆销售的 Apple iPhone XR 没有 eSIM" in unsure


def test_the_checker_is_served_from_the_page_cache_and_a_device_edit_reaches_it(
    client, bay, django_capture_on_commit_callbacks
):
    first, second = client.get(f"/en/check/?{TRIP}"), client.get(f"/en/check/?{TRIP}")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")

    with django_capture_on_commit_callbacks(execute=True):
        Device.objects.create(slug="pixel-9", brand="Google", model="Pixel 9")
    third = client.get(f"/en/check/?{TRIP}")
    assert third["X-Page-Cache"] == "miss" and "Google Pixel 9" in third.content.decode()


def test_the_empty_form_asks_for_the_places_and_lists_them(client, bay):
    html = client.get("/zh-hant/check/").content.decode()
    assert 'name="region" value="mainland-china"' in html and "中國內地" in html
    assert "plans meet" not in html

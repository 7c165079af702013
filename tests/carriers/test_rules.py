"""Typed rule values: what an editor types is checked against the rule's type and reads back as a sentence."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from carriers import rules
from carriers.models import PlanAttribute
from tests.factories import FeatureRuleFactory, PlanFactory, rule_value

OPTIONS = rules.parse_options("calendar-day | 每个日历日 | a day\nvalidity | 整个有效期 | for the plan")
REGIONS = {"mainland-china": "mainland-china", "cn": "mainland-china", "中国内地": "mainland-china", "macau": "macau"}


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("data", "5 GB", rules.Parsed(number=Decimal("5120.000"))),
        ("data", "500mb", rules.Parsed(number=Decimal("500.000"))),
        ("data", "1,5 GB", rules.Parsed(number=Decimal("1536.000"))),
        ("data", "2", rules.Parsed(number=Decimal("2048.000"))),
        ("speed", "128 kbps", rules.Parsed(number=Decimal("128.000"))),
        ("speed", "1 Mbps", rules.Parsed(number=Decimal("1000.000"))),
        ("duration", "24 h", rules.Parsed(number=Decimal("24.000"))),
        ("duration", "7 天", rules.Parsed(number=Decimal("168.000"))),
        ("number", "4", rules.Parsed(number=Decimal("4.000"))),
        ("yes-no", "是", rules.Parsed(flag=True)),
        ("yes-no", "No", rules.Parsed(flag=False)),
        ("choice", "calendar-day", rules.Parsed(text="calendar-day")),
        ("choice", "整个有效期", rules.Parsed(text="validity")),
        ("regions", "macau, CN", rules.Parsed(text="macau,mainland-china")),
        ("regions", "中国内地、macau", rules.Parsed(text="macau,mainland-china")),
        ("time-zone", "asia/hong_kong", rules.Parsed(text="Asia/Hong_Kong")),
    ],
)
def test_what_an_editor_types_is_stored_in_the_kinds_unit(kind, typed, stored):
    assert rules.parse(kind, typed, unit="devices", options=OPTIONS, regions=REGIONS) == stored


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        ("data", "lots", "Enter a data amount such as 5 GB or 500 MB."),
        ("data", "-5 GB", "Enter a data amount such as 5 GB or 500 MB."),
        ("data", "5 parsecs", "Enter a data amount such as 5 GB or 500 MB."),
        ("data", "9" * 10 + " TB", "Enter a smaller number."),
        ("speed", "fast", "Enter a speed such as 128 kbps or 1 Mbps."),
        ("number", "4 cats", "Enter a number in devices, without another unit."),
        ("yes-no", "maybe", "Enter yes or no."),
        ("choice", "weekly", "Choose one of: calendar-day, validity."),
        ("regions", "macau, atlantis", "“atlantis” is not a region"),
        ("time-zone", "Mars/Olympus", "“Mars/Olympus” is not a time zone"),
        ("data", "", "Enter a value."),
        ("data", "5" * 600, "Enter at most 500 characters."),
    ],
)
def test_a_value_that_is_not_of_the_rules_type_says_what_was_expected(kind, typed, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            rules.parse(kind, typed, unit="devices", options=OPTIONS, regions=REGIONS)
        assert message in " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "5 GB a day (Hong Kong time), then throttled to 128 kbps"),
        ("zh-hans", "5 GB，每个日历日（香港时间），之后降速（128 kbps）"),
        ("zh-hant", "5 GB，每個日曆日（香港時間），之後降速（128 kbps）"),
    ],
)
def test_a_hotspot_rule_reads_as_one_sentence_in_each_language(language, sentence):
    phrases = {"en": ["{value}", " {value}", " ({value} time)", ", then {value}", " to {value}"],
               "zh": ["{value}", "{value}", "（{value}时间）", "，之后{value}", "（{value}）"]}  # fmt: skip
    labels = {"en": ["a day", "throttled"], "zh": ["每个日历日", "降速"]}
    key = "en" if language == "en" else "zh"
    with translation.override(language):
        convert = (lambda text: text) if language != "zh-hant" else (lambda text: rules_convert(text))
        texts = ["5 GB", convert(labels[key][0]), rules.display("time-zone", "Asia/Hong_Kong"), convert(labels[key][1]),
                 rules.display("speed", Decimal(128))]  # fmt: skip
        parts = [rules.phrase(convert(p), "", t) for p, t in zip(phrases[key], texts, strict=True)]
        assert rules.sentence(parts) == sentence


def rules_convert(text):
    from editorial.conversion import convert

    return convert(text, "zh-hant")


@pytest.mark.django_db
def test_a_bulk_update_of_a_rule_value_reaches_the_filter_on_the_next_request(client, hotspot, hong_kong):
    plan = PlanFactory(slug="bulk", carrier__region=hong_kong)
    cap = FeatureRuleFactory(feature=hotspot, slug="cap", kind="data")
    rule_value(plan, cap, "2 GB")
    assert json.loads(client.get("/en/plans/export.json?hotspot.cap_min=5").content)["count"] == 0

    PlanAttribute.objects.update(number=Decimal(8192))  # no save(), no signal: the triggers see it
    assert json.loads(client.get("/en/plans/export.json?hotspot.cap_min=5").content)["count"] == 1

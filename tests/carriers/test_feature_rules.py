"""Feature rules end to end: a Data maintainer defines a rule in the admin and, with no code change, it is a
validated field of the plan form, a filter with facet counts, a compare row, a spreadsheet column and an export
column; Editors see the values but cannot change them."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from carriers.models import FeatureAttribute, PlanAttribute
from tests.carriers.test_spreadsheets import confirm, upload
from tests.editorial.test_locking import plan_form_data
from tests.factories import (
    DataMaintainerFactory,
    EditorFactory,
    FeatureRuleFactory,
    PlanFactory,
    PlanFeatureFactory,
    RegionFactory,
    rule_value,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def maintainer():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(DataMaintainerFactory())
    return client


@pytest.fixture
def two_plans(hong_kong, hotspot):
    small = PlanFactory(slug="small-cap", carrier__region=hong_kong, name_en="Small cap")
    large = PlanFactory(slug="large-cap", carrier__region=hong_kong, name_en="Large cap")
    for plan in (small, large):
        PlanFeatureFactory(plan=plan, feature=hotspot, support="limited")
    return small, large


def define_rule(client, feature, **fields):
    data = {"feature": feature.pk, "slug": "cap", "label_zh_hans": "上限", "label_en": "Cap", "kind": "data",
            "display_order": "10", "is_filterable": "on", **fields}  # fmt: skip
    return client.post(reverse("admin:carriers_featureattribute_add"), data)


def with_rule_row(plan, rule, value, region=""):
    data = plan_form_data(plan)
    index = data["rule_values-TOTAL_FORMS"]
    data.update({"rule_values-TOTAL_FORMS": index + 1, f"rule_values-{index}-attribute": rule.pk,
                 f"rule_values-{index}-region": region, f"rule_values-{index}-value": value,
                 f"rule_values-{index}-note_en": "From the terms.", f"rule_values-{index}-source_url": "https://example.com/t",
                 f"rule_values-{index}-verified_on": "2026-11-30"})  # fmt: skip
    return data


def test_a_rule_defined_in_the_admin_is_a_validated_field_a_filter_a_compare_row_and_an_export_column(
    maintainer, client, two_plans, hotspot
):
    small, large = two_plans
    assert define_rule(maintainer, hotspot).status_code == 302
    rule = FeatureAttribute.objects.get(feature=hotspot, slug="cap")

    change = reverse("admin:carriers_plan_change", args=[small.pk])
    refused = maintainer.post(change, with_rule_row(small, rule, "five gigabytes"))
    assert refused.status_code == 200 and "Enter a data amount such as 5 GB or 500 MB." in refused.content.decode()
    assert not PlanAttribute.objects.exists()
    assert maintainer.post(change, with_rule_row(small, rule, "2 GB")).status_code == 302
    change = reverse("admin:carriers_plan_change", args=[large.pk])
    assert maintainer.post(change, with_rule_row(large, rule, "10 GB")).status_code == 302
    assert PlanAttribute.objects.get(plan=small).number == Decimal(2048)

    page = client.get("/en/plans/").content.decode()
    assert 'name="hotspot.cap_min"' in page and "Hotspot: Cap, at least (GB)" in page
    found = json.loads(client.get("/en/plans/export.json?hotspot.cap_min=5").content)
    assert [plan["slug"] for plan in found["plans"]] == ["large-cap"]
    assert found["plans"][0]["rules"]["hotspot.cap"] == [{"region": None, "value": "10240.000", "text": "10 GB"}]

    compare = client.get("/en/plans/compare/?plans=small-cap,large-cap").content.decode()
    assert "Hotspot: its rules" in compare and "2 GB" in compare and "10 GB" in compare

    rows = list(csv.reader(io.StringIO(client.get("/en/plans/export.csv").content.decode("utf-8-sig"))))
    column = rows[0].index("Hotspot: Cap")
    assert {row[1]: row[column] for row in rows[1:]} == {"small-cap": "2 GB", "large-cap": "10 GB"}


def test_a_choice_rule_is_a_facet_counted_with_the_other_filters(client, two_plans, hotspot, hong_kong):
    small, large = two_plans
    options = "calendar-day | 每个日历日 | a day\nvalidity | 整个有效期 | for the plan"
    window = FeatureRuleFactory(feature=hotspot, slug="window", kind="choice", label_en="Cap window", options=options)
    rule_value(small, window, "calendar-day")
    rule_value(large, window, "for the plan")  # an option's label in any language names it

    html = client.get("/en/plans/?type=prepaid").content.decode()
    facet = html[html.index('id="facet-hotspot.window"') :]
    facet = facet[: facet.index("</fieldset>")]
    counts = dict(re.findall(r'value="([a-z-]+)"[^>]*> [^<]+ <span class="count">(\d+)</span>', facet))
    assert counts == {"calendar-day": "1", "validity": "1"}
    chosen = json.loads(client.get("/en/plans/export.json?hotspot.window=validity").content)
    assert [plan["slug"] for plan in chosen["plans"]] == ["large-cap"]
    zh = client.get("/zh-hant/plans/compare/?plans=small-cap,large-cap").content.decode()
    assert "每個日曆日" in zh  # Traditional converted from the editor's Simplified label


def test_values_per_region_read_as_sentences_on_the_plan_page(client, hotspot, hong_kong):
    mainland = RegionFactory(slug="mainland-china", name_en="Mainland China", name_zh_hans="中国内地")
    plan = PlanFactory(slug="bay", carrier__region=hong_kong)
    cap = FeatureRuleFactory(feature=hotspot, slug="cap", kind="data", phrase_en="{value}", phrase_zh_hans="{value}")
    window = FeatureRuleFactory(feature=hotspot, slug="window", kind="choice", phrase_en=" {value}",
                                options="calendar-day | 每个日历日 | a day")  # fmt: skip
    zone = FeatureRuleFactory(feature=hotspot, slug="zone", kind="time-zone", phrase_en=" ({value} time)",
                              phrase_zh_hans="（{value}时间）")  # fmt: skip
    rule_value(plan, cap, "1 GB", region=mainland)
    rule_value(plan, window, "calendar-day", region=mainland)
    rule_value(plan, zone, "asia/hong_kong", region=mainland)

    en = client.get("/en/plans/bay/").content.decode()
    assert "in Mainland China" in en and "1 GB a day (Hong Kong time)" in en
    zh = client.get("/zh-hans/plans/bay/").content.decode()
    assert "中国内地" in zh and "香港时间" in zh


def test_an_editor_sees_rule_values_but_cannot_change_them_even_by_hand(hong_kong, hotspot):
    plan = PlanFactory(carrier__region=hong_kong)
    rule = FeatureRuleFactory(feature=hotspot, slug="cap", kind="data")
    value = rule_value(plan, rule, "5 GB")
    editor = Client(HTTP_ACCEPT_LANGUAGE="en")
    editor.force_login(EditorFactory())
    change = reverse("admin:carriers_plan_change", args=[plan.pk])

    form = editor.get(change).content.decode()
    assert "5 GB" in form and 'name="rule_values-0-value"' not in form
    data = plan_form_data(plan)
    data["rule_values-0-value"] = "50 GB"
    editor.post(change, data)
    value.refresh_from_db()
    assert value.number == Decimal(5120)


def test_the_plan_sheet_has_a_column_per_rule_that_imports_back_with_regions(maintainer, hong_kong, hotspot):
    mainland = RegionFactory(slug="mainland-china", name_en="Mainland China")
    plan = PlanFactory(slug="bay-sheet", carrier__region=hong_kong, carrier__slug="bay-mobile")
    rule = FeatureRuleFactory(feature=hotspot, slug="cap", kind="data")
    rule_value(plan, rule, "5 GB")

    exported = maintainer.post(reverse("admin:carriers_plan_export"), {"format": 0, "resource": 0,
                                                                      "planresource_slug": "on"})  # fmt: skip
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "hotspot.cap" and rows[1][-1] == "5 GB"

    sheet = b"slug,hotspot.cap\nbay-sheet,3 GB; mainland-china: 1 GB\n"
    response, html = upload(maintainer, "admin:carriers_plan_import", sheet)
    assert response.status_code == 200 and 'name="token"' in html
    confirm(maintainer, "admin:carriers_plan_process_import", html)
    values = {(v.region_id, v.number) for v in PlanAttribute.objects.filter(plan=plan)}
    assert values == {(None, Decimal(3072)), (mainland.pk, Decimal(1024))}

    bad = b"slug,hotspot.cap\nbay-sheet,3 parsecs\n"
    _response, html = upload(maintainer, "admin:carriers_plan_import", bad)
    assert re.search(r"<th scope=\"row\">2</th><td>B \(hotspot\.cap\)</td>", html)
    assert "Enter a data amount such as 5 GB or 500 MB." in html and 'name="token"' not in html


def test_an_editor_cannot_change_a_rule_through_the_sheet(hong_kong, hotspot):
    plan = PlanFactory(slug="bay-editor", carrier__region=hong_kong)
    rule = FeatureRuleFactory(feature=hotspot, slug="cap", kind="data")
    rule_value(plan, rule, "5 GB")
    editor = Client(HTTP_ACCEPT_LANGUAGE="en")
    editor.force_login(EditorFactory())

    _response, html = upload(editor, "admin:carriers_plan_import", b"slug,hotspot.cap\nbay-editor,50 GB\n")
    assert "Your role may not change this column" in html and 'name="token"' not in html
    assert PlanAttribute.objects.get().number == Decimal(5120)


def test_two_rows_for_the_same_rule_and_region_are_refused_on_the_form(maintainer, hong_kong, hotspot):
    plan = PlanFactory(carrier__region=hong_kong)
    rule = FeatureRuleFactory(feature=hotspot, slug="cap", kind="data")
    data = with_rule_row(plan, rule, "5 GB")
    data.update({"rule_values-TOTAL_FORMS": 2, "rule_values-1-attribute": rule.pk, "rule_values-1-value": "6 GB"})
    response = maintainer.post(reverse("admin:carriers_plan_change", args=[plan.pk]), data)
    assert response.status_code == 200 and "already has a value for" in response.content.decode()
    assert not PlanAttribute.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "choice", "options": ""}, "List at least one option."),
        ({"kind": "choice", "options": "a day | 每天 | a day"}, "Line 1: write"),
        ({"kind": "choice", "options": "day | 天 | day\nday | 日 | day"}, "listed twice"),
        ({"kind": "data", "unit_en": "GB"}, "Only a “number with unit” rule has a unit"),
        ({"kind": "speed", "options": "x | y | z"}, "Only a “choice from a list” rule has options"),
    ],
)
def test_a_badly_defined_rule_is_refused_with_what_to_fix(maintainer, hotspot, fields, message):
    response = define_rule(maintainer, hotspot, **fields)
    assert response.status_code == 200 and message in response.content.decode()
    assert not FeatureAttribute.objects.exists()


def test_an_editor_may_not_define_a_rule(hotspot):
    editor = Client(HTTP_ACCEPT_LANGUAGE="en")
    editor.force_login(EditorFactory())
    response = define_rule(editor, hotspot)
    assert response.status_code == 403 and not FeatureAttribute.objects.exists()


def test_marking_a_plan_verified_records_who_checked_its_rules_too(maintainer, hong_kong, hotspot):
    plan = PlanFactory(carrier__region=hong_kong)
    PlanFeatureFactory(plan=plan, feature=hotspot, verified_on="2025-01-01")
    value = rule_value(plan, FeatureRuleFactory(feature=hotspot, slug="cap", kind="data"), "5 GB")
    PlanAttribute.objects.filter(pk=value.pk).update(verified_on="2025-01-01")

    response = maintainer.post(reverse("admin:carriers_plan_verify", args=[plan.pk]), follow=True)

    value.refresh_from_db()
    assert "All 2 facts (answers and rules) are marked verified today." in response.content.decode()
    assert value.verified_by is not None and value.verified_by.username.startswith("maintainer")
    assert not value.is_stale


def test_rule_and_minimum_filters_are_labelled_in_the_readers_language(client, two_plans, hotspot):
    FeatureRuleFactory(feature=hotspot, slug="cap", kind="data", label_en="Cap", label_zh_hans="上限")

    zh = client.get("/zh-hans/plans/").content.decode()
    hant = client.get("/zh-hant/plans/").content.decode()

    assert "至少（GB）" in zh and "至少（GB）" in hant and "At least" not in zh + hant
    assert "热点分享: 上限，至少 (GB)" in zh and "热点分享: 上限，至多 (GB)" in zh


def test_plans_stating_the_same_rules_share_one_set_and_a_change_gets_its_own(client, two_plans, hotspot):
    from carriers.read_model import catalogue

    small, large = two_plans
    cap = FeatureRuleFactory(feature=hotspot, slug="cap", kind="data")
    rule_value(small, cap, "5 GB")
    changed = rule_value(large, cap, "5 GB")
    model = catalogue()
    first, second = (model.rule_values(model.live_position(plan.slug)) for plan in (small, large))
    assert first is second and first == {cap.pk: {None: Decimal("5120.000")}}

    changed.set_value("6 GB")
    changed.save()
    model = catalogue()
    small_values, large_values = (model.rule_values(model.live_position(plan.slug)) for plan in (small, large))
    assert small_values == {cap.pk: {None: Decimal("5120.000")}} and large_values == {
        cap.pk: {None: Decimal("6144.000")}
    }

import csv
import io
import json

import pytest

from tests.factories import CarrierFactory, PlanFactory, PlanFeatureFactory, plan_with_features

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_plans(hong_kong, hotspot, family_sharing):
    carrier = CarrierFactory(region=hong_kong, name_en="Harbour Mobile", name_zh_hans="海港流动")
    first = plan_with_features(
        carrier=carrier,
        slug="first",
        name_en="First",
        name_zh_hans="第一",
        support_by_feature={hotspot: ("limited", 5), family_sharing: "yes"},
    )
    second = plan_with_features(
        carrier=carrier,
        slug="second",
        name_en="Second",
        name_zh_hans="第二",
        support_by_feature={hotspot: ("limited", 5), family_sharing: "no"},
    )
    first.feature_rows.filter(feature=hotspot).update(source_url="https://example.com/terms", note_en="Cap of 5 GB.")
    return first, second


def test_compare_shows_plans_in_the_chosen_order_with_every_feature(client, two_plans, hotspot, family_sharing):
    response = client.get("/en/plans/compare/?plans=second,first")

    assert [p.slug for p in response.context["plans"]] == ["second", "first"]
    assert [row.feature.slug for row in response.context["rows"]] == [hotspot.slug, family_sharing.slug]


def test_compare_highlights_rows_where_plans_differ(client, two_plans, hotspot, family_sharing):
    rows = {row.feature.slug: row for row in client.get("/en/plans/compare/?plans=first,second").context["rows"]}

    assert rows["family-sharing"].differs
    assert not rows["hotspot"].differs


def test_compare_cells_carry_note_source_and_verified_date(client, two_plans):
    html = client.get("/en/plans/compare/?plans=first,second").content.decode()

    assert "Cap of 5 GB." in html
    assert 'href="https://example.com/terms"' in html
    assert "verified" in html and 'class="diff-flag"' in html


def test_compare_marks_stale_claims(client, two_plans, settings):
    settings.STALE_AFTER_DAYS = 1
    two_plans[0].feature_rows.update(verified_on="2020-01-01")

    assert "possibly out of date" in client.get("/en/plans/compare/?plans=first,second").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "plans=",
        "plans=first",
        "plans=nope,also-nope",
        "plans=%00,<script>",
        "plans=" + "x" * 10000,
        "plans=first,first",
    ],
)
def test_compare_with_too_few_or_unknown_plans_explains_instead_of_failing(client, two_plans, query):
    response = client.get(f"/zh-hans/plans/compare/?{query}")

    assert response.status_code == 200
    assert response.context["too_few"]
    assert "请在计划列表中选择至少两个计划" in response.content.decode()


def test_compare_takes_at_most_four_plans(client):
    for i in range(6):
        PlanFactory(slug=f"p{i}")

    response = client.get("/en/plans/compare/?plans=p0,p1,p2,p3,p4,p5")

    assert [p.slug for p in response.context["plans"]] == ["p0", "p1", "p2", "p3"]


def test_list_builds_a_shareable_compare_link_from_chosen_plans(client, two_plans):
    response = client.get("/en/plans/?compare=first&compare=second")
    html = response.content.decode()

    assert response.context["compare_slugs"] == ["first", "second"]
    assert "/en/plans/compare/?plans=first,second" in html


def test_list_rows_toggle_a_plan_in_the_comparison(client, two_plans):
    response = client.get("/en/plans/?hotspot=limited&compare=first")
    plans = {p.slug: p for p in response.context["plans"]}

    assert plans["first"].is_compared and plans["first"].compare_query == "hotspot=limited"
    assert plans["second"].compare_query == "hotspot=limited&compare=first&compare=second"


def list_slugs(client, query):
    return [p.slug for p in client.get(f"/en/plans/?{query}").context["paginator"].object_list]


@pytest.mark.parametrize(
    "query", ["", "hotspot=limited", "family-sharing=yes", "region=hong-kong&sort=-price", "hotspot=maybe"]
)
def test_json_export_equals_the_on_screen_result_set(client, two_plans, query):
    PlanFactory(slug="third")
    payload = json.loads(client.get(f"/en/plans/export.json?{query}").content)

    assert [p["slug"] for p in payload["plans"]] == list_slugs(client, query)
    assert payload["count"] == len(payload["plans"])


def test_json_export_has_the_documented_shape_in_the_urls_language(client, two_plans):
    payload = json.loads(client.get("/zh-hans/plans/export.json?family-sharing=yes").content)

    assert payload["language"] == "zh-hans"
    plan = payload["plans"][0]
    assert set(plan) == {
        "slug",
        "name",
        "url",
        "carrier",
        "region",
        "plan_type",
        "plan_type_label",
        "data_gb",
        "unlimited_data",
        "validity_days",
        "price",
        "currency",
        "price_usd",
        "is_5g",
        "purchase_url",
        "features",
        "rules",
    }
    assert plan["name"] == "第一" and plan["carrier"]["name"] == "海港流动"
    hotspot = plan["features"]["hotspot"]
    assert hotspot["support"] == "limited" and hotspot["support_label"] == "有限制" and hotspot["value"] == "5.00"
    assert set(hotspot) == {
        "support",
        "support_label",
        "value",
        "unit",
        "note",
        "source_url",
        "verified_on",
        "is_stale",
    }


def test_json_export_lists_errors_for_values_it_did_not_understand(client, two_plans):
    payload = json.loads(client.get("/en/plans/export.json?price_max=abc").content)

    assert [e["parameter"] for e in payload["errors"]] == ["price_max"]
    assert payload["count"] == 2


def test_csv_export_is_all_matching_rows_not_one_page(client, settings):
    settings.PLANS_PER_PAGE = 2
    for i in range(5):
        PlanFactory(slug=f"bulk-{i}")

    rows = list(csv.reader(io.StringIO(client.get("/en/plans/export.csv").content.decode("utf-8-sig"))))

    assert len(rows) == 1 + 5


def test_csv_export_opens_in_excel_with_chinese_text(client, two_plans):
    response = client.get("/zh-hans/plans/export.csv?hotspot=limited")
    body = response.content

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "计划"
    assert [row[1] for row in rows[1:]] == list_slugs(client, "hotspot=limited")
    assert "第一" in rows[1][0] or "第一" in rows[2][0]


def test_unknown_feature_row_exports_as_unknown(client, hotspot):
    PlanFactory(slug="bare")
    PlanFeatureFactory(feature=hotspot)

    payload = json.loads(client.get("/en/plans/export.json").content)
    bare = next(p for p in payload["plans"] if p["slug"] == "bare")

    assert bare["features"]["hotspot"]["support"] == "unknown"


def test_compare_page_links_to_drop_a_plan_and_back_to_the_list(client, two_plans):
    PlanFactory(slug="third")
    html = client.get("/en/plans/compare/?plans=first,second,third").content.decode()

    assert 'href="?plans=second,third"' in html
    assert 'href="?plans=first,second"' in html
    assert "/en/plans/?compare=first&amp;compare=second&amp;compare=third" in html


def test_grid_markup_from_templates_escapes_names_and_notes(client, hotspot):
    from tests.factories import plan_with_features

    plan = plan_with_features(name_en="<script>alert(1)</script>", support_by_feature={hotspot: "yes"})
    row = plan.feature_rows.get()
    row.note_en = '"><img src=x onerror=alert(2)>'
    row.save()

    listing = client.get("/en/plans/").content.decode()
    detail = client.get(plan.get_absolute_url().replace("/zh-hans/", "/en/")).content.decode()

    assert "<script>alert(1)" not in listing and "&lt;script&gt;alert(1)&lt;/script&gt;" in listing
    assert "<img src=x" not in listing and 'title="&#34;&gt;&lt;img src=x' in listing
    assert "<img src=x" not in detail


def test_an_export_over_the_limit_is_refused_with_a_message_not_written(client, settings, two_plans):
    settings.EXPORT_MAX_PLANS = 1

    csv_response = client.get("/en/plans/export.csv")
    json_response = client.get("/zh-hans/plans/export.json")

    assert (
        csv_response.status_code == 400 and "2 plans match; an export holds at most 1." in csv_response.content.decode()
    )
    body = json_response.json()
    assert json_response.status_code == 400 and body["count"] == 2 and body["plans"] == []
    assert "最多" in body["errors"][0]["message"]


def test_json_export_keeps_each_plans_text_only_while_the_plan_is_unchanged(client, two_plans, hotspot):
    first, _second = two_plans

    def hotspot_of(language="en", host="testserver"):
        payload = json.loads(client.get(f"/{language}/plans/export.json", HTTP_HOST=host).content)
        plan = next(plan for plan in payload["plans"] if plan["slug"] == "first")
        return plan["features"]["hotspot"], plan["url"]

    assert hotspot_of() == hotspot_of()  # the second from the kept text
    row = first.feature_rows.get(feature=hotspot)
    row.value = 8
    row.save()

    answer, url = hotspot_of()
    assert answer["value"] == "8.00" and url == "http://testserver/en/plans/first/"
    assert hotspot_of("zh-hans")[0]["support_label"] == "有限制"
    assert hotspot_of(host="127.0.0.1")[1] == "http://127.0.0.1/en/plans/first/"


def test_a_large_json_export_keeps_no_texts_that_would_push_rendered_rows_out(client, two_plans, monkeypatch):
    from carriers import exports
    from carriers.read_model import catalogue

    client.get("/en/plans/")  # the list's rows are kept
    kept = dict(catalogue().fragments.items)
    monkeypatch.setattr(exports, "TEXTS_KEPT_MAX", 1)

    payload = json.loads(client.get("/en/plans/export.json").content)

    assert [plan["slug"] for plan in payload["plans"]] == ["first", "second"]
    assert catalogue().fragments.items == kept

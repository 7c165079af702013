import re
from decimal import Decimal

import pytest

from carriers.models import Plan
from tests.carriers.oracle import plans_in_sql
from tests.factories import CarrierFactory, PlanFactory, plan_with_features

pytestmark = pytest.mark.django_db


def facets(response):
    return {group.name: {o.value: o for o in group.options} for group in response.context["facets"]}


@pytest.fixture
def catalogue(hong_kong, united_states, hotspot, family_sharing):
    hk, us = CarrierFactory(region=hong_kong, slug="hk-co"), CarrierFactory(region=united_states, slug="us-co")
    rows = [
        (hk, "yes", "yes", True, "travel"),
        (hk, "yes", "no", False, "prepaid"),
        (hk, "limited", "yes", True, "prepaid"),
        (hk, "no", "no", False, "postpaid"),
        (us, "yes", "yes", True, "postpaid"),
        (us, "limited", "no", True, "travel"),
    ]
    for index, (carrier, hot, family, is_5g, plan_type) in enumerate(rows):
        plan_with_features(
            carrier=carrier,
            support_by_feature={hotspot: hot, family_sharing: family},
            slug=f"p{index}",
            is_5g=is_5g,
            plan_type=plan_type,
        )


def expected_count(query, name, value):
    """The real size of the result when ``name=value`` is added to ``query`` (single-valued for the group)."""
    from django.http import QueryDict

    data = QueryDict(query, mutable=True)
    data.setlist(name, [value])
    return plans_in_sql(data).count()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "region=hong-kong",
        "hotspot=yes",
        "hotspot=yes&family-sharing=yes",
        "region=hong-kong&hotspot=limited&network=5g",
        "type=travel&type=prepaid",
        "carrier=us-co&hotspot=yes&hotspot=no",
    ],
)
def test_every_facet_count_equals_the_real_count_of_that_choice(client, catalogue, query):
    response = client.get(f"/en/plans/?{query}")

    for name, options in facets(response).items():
        for value, option in options.items():
            assert option.count == expected_count(query, name, value), (name, value)


def test_choices_that_would_leave_nothing_are_disabled_not_links(client, catalogue):
    response = client.get("/en/plans/?region=united-states")
    html = response.content.decode()

    assert facets(response)["hotspot"]["no"].count == 0
    assert 'name="hotspot" value="no" disabled' in html


def test_selected_choices_are_marked_and_the_result_count_shown(client, catalogue):
    response = client.get("/en/plans/?hotspot=yes&hotspot=limited")

    selected = {v for v, o in facets(response)["hotspot"].items() if o.is_selected}
    assert selected == {"yes", "limited"}
    assert "5 plans match" in response.content.decode()


def slugs(client, query):
    return [p.slug for p in client.get(f"/en/plans/?{query}").context["page_obj"].object_list]


@pytest.fixture
def priced():
    PlanFactory(slug="a", price=30, currency="USD", data_gb=10, validity_days=7)
    PlanFactory(slug="b", price=10, currency="USD", data_gb=1, validity_days=30)
    PlanFactory(slug="c", price=50, currency="USD", unlimited=True, validity_days=15)
    PlanFactory(slug="d", price=40, currency="USD", data_gb=40, validity_days=1)


def test_sort_by_price_both_ways(client, priced):
    assert slugs(client, "") == ["b", "a", "d", "c"]
    assert slugs(client, "sort=price") == ["b", "a", "d", "c"]
    assert slugs(client, "sort=-price") == ["c", "d", "a", "b"]


def test_sort_by_price_per_gb_puts_unlimited_last(client, priced):
    # a: 3.00/GB, b: 10.00/GB, d: 1.00/GB, c: unlimited
    assert slugs(client, "sort=price_per_gb") == ["d", "a", "b", "c"]


def test_sort_by_data_and_validity(client, priced):
    assert slugs(client, "sort=data") == ["c", "d", "a", "b"]
    assert slugs(client, "sort=validity") == ["b", "c", "a", "d"]


def test_sort_by_most_recently_verified(client, hotspot):
    from datetime import date

    for slug, day in [("old", date(2025, 1, 1)), ("new", date(2026, 11, 1)), ("mid", date(2026, 3, 1))]:
        plan = plan_with_features(support_by_feature={hotspot: "yes"}, slug=slug)
        plan.feature_rows.update(verified_on=day)
    PlanFactory(slug="never")

    assert slugs(client, "sort=verified") == ["new", "mid", "old", "never"]


def test_prices_in_other_currencies_sort_by_their_us_dollar_value(client):
    PlanFactory(slug="yen", price=1000, currency="JPY")  # about 6.60 USD
    PlanFactory(slug="hkd", price=100, currency="HKD")  # 12.80 USD
    PlanFactory(slug="usd", price=10, currency="USD")

    assert slugs(client, "sort=price") == ["yen", "usd", "hkd"]
    assert Plan.objects.get(slug="yen").price_usd == Decimal("6.60")


def test_sort_and_pagination_keep_filters_in_links(client, settings, hotspot):
    for i in range(3):
        plan_with_features(support_by_feature={hotspot: "yes"}, slug=f"s{i}")
    response = client.get("/en/plans/?hotspot=yes&sort=-price&page=1")

    assert response.context["query_without_page"] == "hotspot=yes&sort=-price"


@pytest.mark.parametrize(
    ("language", "position", "matches"),
    [("en", "Page 2 of 2", "51 plans match"), ("zh-hans", "第 2 页，共 2 页", "51 个计划符合条件"),
     ("zh-hant", "第 2 頁，共 2 頁", "51 個計劃符合條件")],
)  # fmt: skip
def test_the_pages_links_keep_the_filters_in_the_readers_language(client, settings, hotspot, language, position,
                                                                  matches):  # fmt: skip
    for i in range(settings.PLANS_PER_PAGE + 1):
        plan_with_features(support_by_feature={hotspot: "yes"}, slug=f"s{i}")

    def links(page):
        html = client.get(f"/{language}/plans/?hotspot=yes&sort=-price&page={page}").content.decode()
        start = html.index('<nav class="pagination"')
        return html, html[start : html.index("</nav>", start)]

    html, second = links(2)
    assert position in second and matches in html
    assert 'rel="prev" href="?hotspot=yes&amp;sort=-price&amp;page=1"' in second and 'rel="next"' not in second
    _html, first = links(1)
    assert 'rel="next" href="?hotspot=yes&amp;sort=-price&amp;page=2"' in first and 'rel="prev"' not in first


def fieldset(html, name):
    start = html.index(f'id="facet-{name}"')
    return html[start : html.index("</fieldset>", start)]


def test_kept_facet_markup_follows_counts_labels_selection_and_language(client, catalogue, hong_kong):
    # Fieldsets are kept by what they show (carriers/templatetags/plan_tags.py): every change of it shows at once.
    before = fieldset(client.get("/en/plans/").content.decode(), "region")
    assert "Hong Kong" in before and "Hong Kong Island" not in before

    hong_kong.name_en = "Hong Kong Island"
    hong_kong.save()
    renamed = fieldset(client.get("/en/plans/").content.decode(), "region")
    assert "Hong Kong Island" in renamed

    def hotspot_yes_count():
        markup = fieldset(client.get("/en/plans/").content.decode(), "hotspot")
        return int(re.search(r'value="yes"[^>]*> [^<]+ <span class="count">(\d+)</span>', markup)[1])

    assert hotspot_yes_count() == 3  # p0, p1, p4
    Plan.objects.filter(slug="p0").update(is_active=False)
    assert hotspot_yes_count() == 2

    chosen = fieldset(client.get("/en/plans/?region=hong-kong").content.decode(), "region")
    assert 'value="hong-kong" checked' in chosen and 'value="hong-kong" checked' not in renamed
    chinese = fieldset(client.get("/zh-hans/plans/").content.decode(), "region")
    assert "> 不限</label>" in chinese and "> Any</label>" in before

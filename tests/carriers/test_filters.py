import re

import pytest
from django.urls import reverse
from django.utils import translation

from carriers.models import Support
from tests.factories import CarrierFactory, FeatureFactory, PlanFactory, PlanFeatureFactory, plan_with_features

pytestmark = pytest.mark.django_db


def listed_slugs(response):
    return [plan.slug for plan in response.context["page_obj"].object_list]


def plans_url(lang="en"):
    with translation.override(lang):
        return reverse("carriers:plan_list")


def test_region_and_hotspot_yes_lists_exactly_the_matching_hong_kong_plans(client, hong_kong, united_states, hotspot):
    hk, us = CarrierFactory(region=hong_kong), CarrierFactory(region=united_states)
    wanted = [plan_with_features(carrier=hk, support_by_feature={hotspot: "yes"}, slug=f"hk-yes-{i}") for i in range(3)]
    plan_with_features(carrier=hk, support_by_feature={hotspot: ("limited", 5)}, slug="hk-limited")
    plan_with_features(carrier=hk, support_by_feature={hotspot: "no"}, slug="hk-no")
    PlanFactory(carrier=hk, slug="hk-no-row")
    plan_with_features(carrier=us, support_by_feature={hotspot: "yes"}, slug="us-yes")
    plan_with_features(carrier=hk, support_by_feature={hotspot: "yes"}, slug="hk-inactive", is_active=False)

    response = client.get("/en/plans/?region=hong-kong&hotspot=yes")

    assert response.status_code == 200
    assert sorted(listed_slugs(response)) == sorted(p.slug for p in wanted)
    assert response.context["paginator"].count == 3


def test_several_support_values_are_combined_with_or(client, hong_kong, hotspot):
    carrier = CarrierFactory(region=hong_kong)
    for support in ("yes", "limited", "no"):
        plan_with_features(carrier=carrier, support_by_feature={hotspot: support}, slug=f"plan-{support}")

    response = client.get(plans_url() + "?hotspot=yes&hotspot=limited")

    assert sorted(listed_slugs(response)) == ["plan-limited", "plan-yes"]


def test_two_feature_filters_must_both_hold(client, hotspot, family_sharing):
    plan_with_features(support_by_feature={hotspot: "yes", family_sharing: "yes"}, slug="both")
    plan_with_features(support_by_feature={hotspot: "yes", family_sharing: "no"}, slug="hotspot-only")
    plan_with_features(support_by_feature={hotspot: "no", family_sharing: "yes"}, slug="family-only")

    response = client.get(plans_url() + "?hotspot=yes&family-sharing=yes")

    assert listed_slugs(response) == ["both"]


def test_carrier_filter_accepts_several_carriers(client):
    a, b, c = CarrierFactory(slug="alpha"), CarrierFactory(slug="beta"), CarrierFactory(slug="gamma")
    for carrier in (a, b, c):
        PlanFactory(carrier=carrier, slug=f"{carrier.slug}-plan")

    response = client.get(plans_url() + "?carrier=alpha&carrier=gamma")

    assert sorted(listed_slugs(response)) == ["alpha-plan", "gamma-plan"]


def test_hotspot_minimum_counts_uncapped_yes_as_unlimited(client, hotspot):
    plan_with_features(support_by_feature={hotspot: "yes"}, slug="uncapped")
    plan_with_features(support_by_feature={hotspot: ("yes", 10)}, slug="cap-10")
    plan_with_features(support_by_feature={hotspot: ("limited", 5)}, slug="cap-5")
    plan_with_features(support_by_feature={hotspot: ("limited", 2)}, slug="cap-2")
    plan_with_features(support_by_feature={hotspot: "limited"}, slug="limited-unknown-cap")
    plan_with_features(support_by_feature={hotspot: "no"}, slug="none")

    response = client.get(plans_url() + "?hotspot_min=5")

    assert sorted(listed_slugs(response)) == ["cap-10", "cap-5", "uncapped"]


def test_price_data_validity_and_type_filters(client):
    PlanFactory(slug="cheap-small", price=50, currency="USD", data_gb=5, validity_days=7)
    PlanFactory(slug="mid-big", price=80, currency="USD", data_gb=50, validity_days=30, plan_type="travel")
    PlanFactory(slug="pricey-unlimited", price=200, currency="USD", unlimited=True, validity_days=30)

    assert sorted(listed_slugs(client.get(plans_url() + "?price_max=100"))) == ["cheap-small", "mid-big"]
    assert sorted(listed_slugs(client.get(plans_url() + "?price_min=60"))) == ["mid-big", "pricey-unlimited"]
    assert sorted(listed_slugs(client.get(plans_url() + "?data_min=20"))) == ["mid-big", "pricey-unlimited"]
    assert listed_slugs(client.get(plans_url() + "?unlimited=true")) == ["pricey-unlimited"]
    assert sorted(listed_slugs(client.get(plans_url() + "?validity_min=30"))) == ["mid-big", "pricey-unlimited"]
    assert listed_slugs(client.get(plans_url() + "?type=travel")) == ["mid-big"]


def test_network_filter_separates_5g_from_4g_plans(client):
    PlanFactory(slug="fast", is_5g=True)
    PlanFactory(slug="slow", is_5g=False)

    assert listed_slugs(client.get(plans_url() + "?network=5g")) == ["fast"]
    assert listed_slugs(client.get(plans_url() + "?network=4g")) == ["slow"]


@pytest.mark.parametrize(
    "lang, expected", [("en", "Choose one of the listed options."), ("zh-hans", "请从列出的选项中选择。")]
)
def test_invalid_values_are_named_on_the_page_in_its_language(client, hotspot, lang, expected):
    plan_with_features(support_by_feature={hotspot: "yes"}, slug="still-listed")

    response = client.get(plans_url(lang) + "?hotspot=maybe&price_max=abc&region=atlantis")

    assert response.status_code == 200
    errors = dict(response.context["filter_errors"])
    assert set(errors) == {
        str(hotspot.name),
        str(response.context["filter"].filters["price_max"].label),
        str(response.context["filter"].filters["region"].label),
    }
    assert expected in response.content.decode()
    assert listed_slugs(response) == ["still-listed"]


def test_valid_filters_still_apply_when_another_is_invalid(client, hotspot):
    plan_with_features(support_by_feature={hotspot: "yes"}, slug="yes-plan")
    plan_with_features(support_by_feature={hotspot: "no"}, slug="no-plan")

    response = client.get(plans_url() + "?hotspot=yes&price_max=lots")

    assert listed_slugs(response) == ["yes-plan"]


def test_feature_added_in_the_database_becomes_a_filter_without_code_change(client):
    qr = FeatureFactory(slug="esim-qr", name_en="eSIM QR activation", name_zh_hans="二维码激活")
    plan_with_features(support_by_feature={qr: "yes"}, slug="qr-yes")
    plan_with_features(support_by_feature={qr: "no"}, slug="qr-no")

    response = client.get(plans_url() + "?esim-qr=yes")

    assert listed_slugs(response) == ["qr-yes"]
    assert 'name="esim-qr"' in response.content.decode()


def test_unfilterable_feature_parameter_is_ignored(client):
    hidden = FeatureFactory(slug="hidden-feature", is_filterable=False)
    plan_with_features(support_by_feature={hidden: "no"}, slug="a")
    PlanFactory(slug="b")

    response = client.get(plans_url() + "?hidden-feature=yes", follow=True)

    assert response.redirect_chain == [(plans_url(), 301)]
    assert sorted(listed_slugs(response)) == ["a", "b"]
    assert response.context["filter_errors"] == []


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5", ""])
def test_pagination_never_fails(client, settings, page):
    PlanFactory.create_batch(3)

    response = client.get(plans_url() + f"?page={page}")

    assert response.status_code == 200
    assert len(listed_slugs(response)) == 3


def test_filter_links_keep_only_supported_values(client, hotspot):
    PlanFeatureFactory(feature=hotspot, support=Support.YES)

    html = client.get(plans_url()).content.decode()

    values = set(re.findall(r'name="hotspot" value="([a-z]+)"', html))
    assert values == {"yes", "limited", "no"}

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from carriers.models import Plan, PlanFeature
from tests.factories import FeatureFactory, PlanFactory, PlanFeatureFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_one_row_per_plan_and_feature_is_enforced_by_the_database(hotspot):
    row = PlanFeatureFactory(feature=hotspot)

    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFeature.objects.create(plan=row.plan, feature=hotspot, support="no")


def test_negative_price_is_refused_by_the_database():
    plan = PlanFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(price=Decimal("-1"))


def test_negative_feature_value_is_refused_by_the_database():
    row = PlanFeatureFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFeature.objects.filter(pk=row.pk).update(value=Decimal("-5"))


def test_plan_is_either_a_data_amount_or_unlimited_in_the_database():
    plan = PlanFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(is_unlimited_data=True)


def test_duplicate_slugs_are_refused():
    PlanFactory(slug="same")

    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(slug="same")


def test_price_in_usd_is_derived_on_save():
    plan = PlanFactory(price=100, currency="HKD")

    assert plan.price_usd == Decimal("12.80")
    plan.currency = "USD"
    plan.save()
    assert Plan.objects.get(pk=plan.pk).price_usd == Decimal("100.00")


def test_price_per_gb_is_empty_for_unlimited_plans():
    assert PlanFactory(unlimited=True).price_per_gb_usd is None
    assert PlanFactory(price=10, currency="USD", data_gb=4).price_per_gb_usd == Decimal("2.50")


@pytest.mark.parametrize("slug", ["region", "sort", "page", "price_max", "hotspot_min"])
def test_feature_slugs_that_clash_with_list_parameters_fail_validation(slug):
    with pytest.raises(ValidationError) as error:
        FeatureFactory.build(slug=slug, name_en="x", name_zh_hans="x").full_clean()

    assert "slug" in error.value.message_dict


def test_region_code_is_stored_upper_case():
    region = RegionFactory.build(slug="macau", code="mo", name_en="Macau", name_zh_hans="澳门")
    region.full_clean()

    assert region.code == "MO"


def test_claims_older_than_the_configured_age_are_stale(settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.STALE_AFTER_DAYS = 30
    today = timezone.localdate()

    assert PlanFeatureFactory(verified_on=today - timedelta(days=31)).is_stale
    assert not PlanFeatureFactory(verified_on=today - timedelta(days=29)).is_stale
    assert PlanFeatureFactory(verified_on=None).is_stale


def test_a_plan_cannot_take_the_compare_pages_slug():
    with pytest.raises(ValidationError) as error:
        PlanFactory.build(slug="compare", carrier=None).clean_fields(exclude=["carrier"])

    assert "slug" in error.value.message_dict

"""Plan pages cost a fixed number of queries, whatever the number of plans."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carriers.models import Plan, PlanFeature
from tests.factories import CarrierFactory, FeatureFactory, RegionFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


def build_catalogue(plan_count, features):
    regions = [RegionFactory(slug=f"r{i}") for i in range(3)]
    carriers = [CarrierFactory(region=regions[i % 3]) for i in range(6)]
    plans = Plan.objects.bulk_create(
        Plan(
            carrier=carriers[i % 6],
            slug=f"bulk-{i}",
            name_en=f"Bulk {i}",
            name_zh_hans=f"批量{i}",
            data_gb=Decimal(i % 50 + 1),
            validity_days=i % 30 + 1,
            price=Decimal(i % 90 + 5),
            currency="USD",
            price_usd=Decimal(i % 90 + 5),
            is_5g=bool(i % 2),
        )
        for i in range(plan_count)
    )
    supports = ["yes", "limited", "no"]
    PlanFeature.objects.bulk_create(
        PlanFeature(
            plan=plan,
            feature=feature,
            support=supports[(i + j) % 3],
            value=Decimal(i % 20),
            note_en="n",
            verified_on="2026-10-01",
        )
        for i, plan in enumerate(plans)
        for j, feature in enumerate(features)
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


URLS = [
    "/en/plans/",
    "/en/plans/?region=r1&feature-0=yes&feature-1=yes&feature-1=limited&feature-2_min=3&sort=price_per_gb",
    "/en/plans/?carrier=x&price_max=abc&page=2&sort=verified",
    "/en/plans/compare/?plans=bulk-1,bulk-2,bulk-3,bulk-4",
    "/en/plans/export.json?feature-0=yes",
    "/en/plans/export.csv?region=r0",
]


@pytest.mark.parametrize("url", URLS)
def test_query_count_is_the_same_for_10_and_1000_plans(client, django_db_blocker, url):
    features = [FeatureFactory(slug=f"feature-{i}", unit_en="GB" if i == 2 else "") for i in range(5)]
    build_catalogue(10, features)
    small = queries_for(client, url)

    Plan.objects.all().delete()
    build_catalogue(1000, features)
    large = queries_for(client, url)

    assert small == large
    assert large <= MAX_QUERIES


def test_other_public_pages_do_not_grow_with_the_catalogue(client, django_assert_max_num_queries):
    features = [FeatureFactory(slug=f"feature-{i}") for i in range(5)]
    build_catalogue(300, features)

    for url in ["/en/", "/en/regions/", "/en/regions/r1/", "/en/carriers/", "/en/plans/bulk-5/"]:
        # At most 16 on a miss: the page (and, for the first, building the read model), the cells' notes for the
        # plans shown, and the page cache's revision and next-publication lookups.
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(1):  # a hit: the revision tokens, nothing else
            assert client.get(url).status_code == 200

"""Plan changes over time: recorded by database triggers, shown on the plan page and in the region feed."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone, translation

from carriers.models import Plan, PlanChange, PlanFeature
from tests.factories import PlanFeatureFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def capped(hong_kong, hotspot):
    return PlanFeatureFactory(
        plan__carrier__region=hong_kong,
        plan__slug="hk-travel",
        plan__name_en="HK Travel",
        plan__price=Decimal("88"),
        plan__currency="HKD",
        plan__data_gb=Decimal("10"),
        plan__validity_days=7,
        feature=hotspot,
        support="limited",
        value=Decimal("10"),
    )


def sentences(language="en"):
    with translation.override(language):
        return [change.describe() for change in PlanChange.objects.select_related("feature")]


def test_a_cap_change_is_recorded_and_described(capped):
    capped.value = Decimal("5")
    capped.save()

    assert sentences() == ["Hotspot lowered from 10 GB to 5 GB"]
    assert sentences("zh-hans") == ["热点分享从 10 GB 降至 5 GB"]


def test_creating_and_unchanged_saves_record_nothing(capped):
    capped.save()
    capped.plan.save()

    assert PlanChange.objects.count() == 0


@pytest.mark.parametrize(
    "update, expected",
    [
        ({"price": Decimal("98")}, "Price raised from HKD 88 to HKD 98"),
        ({"data_gb": None, "is_unlimited_data": True}, "Data raised from 10 GB to Unlimited"),
        ({"validity_days": 5}, "Validity shortened from 7 days to 5 days"),
        ({"is_active": False}, "Plan withdrawn"),
    ],
)
def test_bulk_updates_of_plan_facts_are_recorded(capped, update, expected):
    Plan.objects.filter(pk=capped.plan_id).update(**update)

    assert sentences() == [expected]


def test_raw_sql_on_support_is_recorded(capped):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE carriers_planfeature SET support = 'yes' WHERE id = %s", [capped.pk])

    assert sentences() == ["Hotspot changed from Limited to Yes"]


def test_changes_of_withdrawn_plans_are_not_published(capped):
    Plan.objects.filter(pk=capped.plan_id).update(is_active=False)
    PlanFeature.objects.filter(pk=capped.pk).update(value=Decimal("1"))
    Plan.objects.filter(pk=capped.plan_id).update(price=Decimal("1"))

    assert sentences() == ["Plan withdrawn"]


def test_the_plan_page_lists_changes_with_dates(client, capped):
    capped.value = Decimal("5")
    capped.save()
    change = PlanChange.objects.get()

    html = client.get("/en/plans/hk-travel/").content.decode()

    # The page shows the site's local date (TIME_ZONE), which is a day ahead of UTC for eight hours a day.
    assert f"{timezone.localdate(change.changed_at):%Y-%m-%d}</time> Hotspot lowered from 10 GB to 5 GB" in html
    assert "熱點分享從 10 GB 降至 5 GB" in client.get("/zh-hant/plans/hk-travel/").content.decode()


def test_the_region_feed_shows_the_cap_change_in_the_feeds_language(client, capped):
    capped.value = Decimal("5")
    capped.save()

    response = client.get("/en/feeds/changes/hong-kong.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["HK Travel: Hotspot lowered from 10 GB to 5 GB"]
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/en/plans/hk-travel/#changes-heading")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    zh = ET.fromstring(client.get("/zh-hant/feeds/changes/hong-kong.xml").content)
    assert "降至" in zh.find(f"{ATOM}entry/{ATOM}title").text


def test_an_unknown_region_feed_is_a_404(client, db):
    assert client.get("/en/feeds/changes/atlantis.xml").status_code == 404


def test_the_articles_feed_lists_published_articles_only(client, db):
    from tests.factories import ArticleFactory

    ArticleFactory(slug="live", title_en="Live answer", title_zh_hans="已发布")
    ArticleFactory(slug="draft", title_en="Draft answer", title_zh_hans="草稿", status="draft")

    feed = ET.fromstring(client.get("/en/feeds/articles.xml").content)

    assert [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")] == ["Live answer"]

"""Plan changes over time: recorded in the change log by database triggers, shown on the plan page and in the
region feed."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone, translation

from carriers.models import CatalogueChange, Plan, PlanFeature
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
        return [change.describe() for change in CatalogueChange.objects.for_readers()]


def test_a_cap_change_is_recorded_and_described(capped):
    capped.value = Decimal("5")
    capped.save()

    assert sentences() == ["Hotspot lowered from 10 GB to 5 GB"]
    assert sentences("zh-hans") == ["热点分享从 10 GB 降至 5 GB"]


def test_creating_and_unchanged_saves_record_nothing(capped):
    capped.save()
    capped.plan.save()

    assert not CatalogueChange.objects.for_readers().exists()


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


def log_rows():
    return list(CatalogueChange.objects.order_by("pk").values_list("plan_id", "field", "old_value", "new_value"))


def test_one_changed_answer_is_one_row_of_the_log_which_the_sync_reads_too(capped):
    before = CatalogueChange.objects.count()

    PlanFeature.objects.filter(pk=capped.pk).update(value=Decimal("5"))

    [(plan_id, field, old, new)] = log_rows()[before:]
    assert (plan_id, field, Decimal(old), Decimal(new)) == (capped.plan_id, "value", Decimal("10"), Decimal("5"))


def test_a_write_that_changes_no_fact_logs_the_plan_without_one(capped):
    before = CatalogueChange.objects.count()

    PlanFeature.objects.filter(pk=capped.pk).update(note_en="Checked with the carrier's chat.")

    assert log_rows()[before:] == [(capped.plan_id, "", "", "")]
    assert not CatalogueChange.objects.for_readers().exists()


def test_a_bulk_update_logs_each_changed_fact_once(capped, hong_kong):
    other = PlanFeatureFactory(plan__carrier__region=hong_kong, feature=capped.feature, support="limited", value=1)
    before = CatalogueChange.objects.count()

    PlanFeature.objects.filter(pk__in=[capped.pk, other.pk]).update(support="yes")

    rows = sorted(log_rows()[before:])
    assert rows == sorted([(capped.plan_id, "support", "limited", "yes"), (other.plan_id, "support", "limited", "yes")])


def test_a_rule_value_change_is_told_with_its_region_in_the_readers_language(client, capped, hotspot):
    from tests.factories import FeatureRuleFactory, RegionFactory, rule_value

    mainland = RegionFactory(slug="mainland-china", name_en="Mainland China", name_zh_hans="中国内地")
    cap = FeatureRuleFactory(feature=hotspot, slug="cap", kind="data", label_en="cap", label_zh_hans="上限")
    value = rule_value(capped.plan, cap, "1 GB", region=mainland)
    value.set_value("2 GB")
    value.save()

    assert sentences() == ["Hotspot · cap in Mainland China raised from 1 GB to 2 GB"]
    assert "熱點分享 · 上限（中國內地）從 1 GB 升至 2 GB" in client.get("/zh-hant/plans/hk-travel/").content.decode()


def test_a_change_of_a_feature_deleted_since_is_still_told(client, capped):
    PlanFeature.objects.filter(pk=capped.pk).update(value=Decimal("5"))
    feature = capped.feature
    capped.delete()
    feature.delete()

    html = client.get("/en/plans/hk-travel/").content.decode()

    assert "A feature that no longer exists changed" in html


def test_the_plan_page_lists_changes_with_dates(client, capped):
    capped.value = Decimal("5")
    capped.save()
    change = CatalogueChange.objects.for_readers().get()

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


def test_the_plans_history_page_shows_its_logged_fact_changes_to_a_data_maintainer(capped):
    from django.test import Client
    from django.urls import reverse

    from tests.factories import DataMaintainerFactory

    Plan.objects.filter(pk=capped.plan_id).update(price=Decimal("98"))  # a bulk update: no version records it
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(DataMaintainerFactory())

    html = client.get(reverse("admin:carriers_plan_history", args=[capped.plan_id])).content.decode()

    assert "Fact changes in the change log" in html
    assert "Price raised from HKD 88 to HKD 98" in html


def test_an_editor_reads_the_change_log_in_the_admin_but_cannot_write_it(capped):
    from django.test import Client
    from django.urls import reverse

    from tests.factories import EditorFactory

    PlanFeature.objects.filter(pk=capped.pk).update(value=Decimal("5"))
    change = CatalogueChange.objects.for_readers().get()
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(EditorFactory())

    listing = client.get(reverse("admin:carriers_cataloguechange_changelist"))
    added = client.post(reverse("admin:carriers_cataloguechange_add"), {"field": "price", "old_value": "1"})
    deleted = client.post(reverse("admin:carriers_cataloguechange_delete", args=[change.pk]), {"post": "yes"})

    assert listing.status_code == 200 and "热点分享从 10 GB 降至 5 GB" in listing.content.decode()
    assert added.status_code == 403 and deleted.status_code == 403
    assert CatalogueChange.objects.filter(pk=change.pk).exists()


@pytest.mark.parametrize(
    "query", ["field=bogus", "published=maybe", "changed_at__gte=not-a-date", "o=99", "q=" + "%" * 500, "p=-1"]
)
def test_hostile_filters_on_the_change_log_never_break_it(capped, query):
    from django.test import Client
    from django.urls import reverse

    from tests.factories import EditorFactory

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(EditorFactory())

    response = client.get(f"{reverse('admin:carriers_cataloguechange_changelist')}?{query}")

    assert response.status_code in (200, 302)
    assert b"Traceback" not in response.content


def test_a_plans_history_under_an_address_that_is_no_plan_is_a_404(capped):
    from django.test import Client

    from tests.factories import DataMaintainerFactory

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(DataMaintainerFactory())

    assert client.get("/admin/carriers/plan/not-a-number/history/").status_code == 404
    assert client.get("/admin/carriers/plan/999999/history/").status_code == 404


def test_a_change_of_the_regions_a_plan_covers_names_them_in_the_readers_language(capped, hotspot):
    from tests.factories import FeatureRuleFactory, RegionFactory, rule_value

    RegionFactory(slug="macau", code="MO", name_en="Macau", name_zh_hans="澳门")
    RegionFactory(slug="mainland-china", code="CN", name_en="Mainland China", name_zh_hans="中国内地")
    covers = FeatureRuleFactory(feature=hotspot, slug="where", kind="regions", label_en="where", label_zh_hans="地区")
    value = rule_value(capped.plan, covers, "macau")
    value.set_value("macau, mainland-china")
    value.save()

    assert sentences() == ["Hotspot · where changed from Macau to Macau, Mainland China"]
    assert sentences("zh-hant") == ["熱點分享 · 地區從澳門改為澳門、中國內地"]


def test_the_change_log_filters_by_the_field_that_changed_and_offers_only_fields_a_row_can_have(capped):
    from django.test import Client
    from django.urls import reverse

    from tests.factories import EditorFactory

    PlanFeature.objects.filter(pk=capped.pk).update(value=Decimal("5"))
    Plan.objects.filter(pk=capped.plan_id).update(price=Decimal("98"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(EditorFactory())
    url = reverse("admin:carriers_cataloguechange_changelist")

    prices = client.get(f"{url}?field=price").content.decode()

    assert "Price raised from HKD 88 to HKD 98" in prices and "Hotspot lowered" not in prices
    assert "(any change)" not in client.get(url).content.decode()

"""After a write, the read model applies just the changed plans (no rebuild) and still answers exactly like SQL."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carriers import read_model
from carriers.filters import SortChoices
from carriers.models import Carrier, CatalogueChange, Feature, Plan, PlanFeature, Region
from carriers.selectors import PlanSearch
from tests.carriers.oracle import plans_in_sql
from tests.carriers.test_read_model import plan_specs, queries, random_catalogue_factory  # noqa: F401 - fixture
from tests.factories import CarrierFactory, FeatureFactory, PlanFactory, plan_with_features

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch):
    """Counts full builds of the read model."""
    counter = {"builds": 0}
    load = read_model.Catalogue.load.__func__

    def counting(cls, *args, **kwargs):
        counter["builds"] += 1
        return load(cls, *args, **kwargs)

    monkeypatch.setattr(read_model.Catalogue, "load", classmethod(counting))
    return counter


def listed(client, query=""):
    return [plan.slug for plan in client.get(f"/en/plans/?{query}").context["plans"]]


def test_a_saved_answer_is_applied_in_place_without_a_rebuild(client, builds, hotspot):
    plan = plan_with_features(slug="harbour", support_by_feature={hotspot: "yes"})
    assert listed(client, "hotspot=yes") == ["harbour"] and builds["builds"] == 1

    row = PlanFeature.objects.get(plan=plan)
    row.support, row.value = "limited", Decimal("5")
    row.save()

    assert listed(client, "hotspot=yes") == []
    assert listed(client, "hotspot=limited&hotspot_min=5") == ["harbour"]
    assert "Limited · 5" in client.get("/en/plans/").content.decode()
    assert builds["builds"] == 1


def test_a_changed_price_moves_the_plan_across_a_price_bound_in_place(client, builds):
    # Range filters compare against values kept until a plan changes (Catalogue.within): a change must drop them.
    cheap = PlanFactory(slug="cheap", price=10, currency="USD")
    dear = PlanFactory(slug="dear", price=90, currency="USD")
    assert listed(client, "price_max=50") == ["cheap"] and listed(client, "price_min=50") == ["dear"]

    Plan.objects.filter(pk=dear.pk).update(price=20, price_usd=20)
    cheap.price, cheap.price_usd = 70, 70
    cheap.save()

    assert listed(client, "price_max=50") == ["dear"] and listed(client, "price_min=50") == ["cheap"]
    added = [PlanFactory(slug=f"new-{price}", price=price, currency="USD") for price in (30, 80)]  # new slots
    assert listed(client, "price_max=50") == ["dear", "new-30"]
    assert listed(client, "price_min=50") == ["cheap", "new-80"]
    Plan.objects.filter(pk=added[1].pk).update(price=5, price_usd=5)
    assert listed(client, "price_max=50") == ["new-80", "dear", "new-30"]
    assert builds["builds"] == 1


def test_plans_added_deactivated_reactivated_and_deleted_in_place(client, builds, hotspot):
    keep = plan_with_features(slug="keep", support_by_feature={hotspot: "yes"})
    assert listed(client) == ["keep"]

    new = PlanFactory(slug="new", carrier=keep.carrier, price=1)
    assert listed(client) == ["new", "keep"]
    Plan.objects.filter(pk=new.pk).update(is_active=False)
    assert listed(client) == ["keep"]
    Plan.objects.filter(pk=new.pk).update(is_active=True, slug="renewed")
    assert listed(client) == ["renewed", "keep"]
    assert client.get("/en/plans/renewed/").status_code == 200
    Plan.objects.filter(pk=new.pk).delete()
    assert listed(client) == ["keep"]
    assert client.get("/en/plans/compare/?plans=keep,renewed").context["missing"] == ["renewed"]
    assert builds["builds"] == 1


def test_renamed_carrier_and_region_show_without_a_rebuild(client, builds, hong_kong):
    plan_with_features(carrier=CarrierFactory(region=hong_kong, slug="harbour-co"), support_by_feature={})
    client.get("/en/plans/")

    Carrier.objects.filter(slug="harbour-co").update(name_en="Harbour Telecom")
    Region.objects.filter(pk=hong_kong.pk).update(name_en="Hong Kong SAR")
    html = client.get("/en/plans/").content.decode()

    assert "Harbour Telecom" in html and "Hong Kong SAR" in html and builds["builds"] == 1


def test_a_new_feature_rebuilds_the_model(client, builds, hotspot):
    plan_with_features(slug="harbour", support_by_feature={hotspot: "yes"})
    client.get("/en/plans/")

    FeatureFactory(slug="esim-qr", name_en="QR code install")

    assert "QR code install" in client.get("/en/plans/").content.decode() and builds["builds"] == 2


def test_a_bulk_update_past_the_limit_rebuilds(client, builds, hotspot, monkeypatch):
    monkeypatch.setattr(read_model.model, "INCREMENTAL_LIMIT", 3)
    for index in range(5):
        plan_with_features(slug=f"p{index}", support_by_feature={hotspot: "yes"})
    client.get("/en/plans/")

    PlanFeature.objects.update(support="no")

    assert listed(client, "hotspot=no") == [f"p{index}" for index in range(5)] and builds["builds"] == 2


def test_a_history_the_model_does_not_know_rebuilds_it(client, builds, hotspot):
    plan = plan_with_features(slug="harbour", support_by_feature={hotspot: "yes"})
    client.get("/en/plans/")

    CatalogueChange.objects.update(nonce=F("nonce") + 1)  # as if a backup with other changes were restored
    PlanFeature.objects.filter(plan=plan).update(support="no")

    assert listed(client, "hotspot=no") == ["harbour"] and builds["builds"] == 2


edits = st.lists(
    st.tuples(
        st.integers(0, 11),
        st.sampled_from(["support", "value", "price", "deactivate", "activate", "drop-row", "new-plan", "validity"]),
        st.sampled_from(["yes", "limited", "no"]),
        st.integers(0, 40),
    ),
    min_size=1,
    max_size=8,
)


def apply_edit(plan_index, kind, support, number):
    plans = list(Plan.objects.order_by("pk"))
    plan = plans[plan_index % len(plans)]
    rows = PlanFeature.objects.filter(plan=plan)
    if kind == "support":
        rows.update(support=support)
    elif kind == "value":
        for row in rows:
            row.value = number
            row.save()
    elif kind == "price":
        plan.price = Decimal(number + 1)
        plan.save()
    elif kind in ("deactivate", "activate"):
        Plan.objects.filter(pk=plan.pk).update(is_active=kind == "activate")
    elif kind == "drop-row":
        rows.filter(feature__slug="hot").delete()
    elif kind == "new-plan":
        fresh = PlanFactory(carrier=plan.carrier, slug=f"new-{len(plans)}", price=number + 1, currency="USD")
        PlanFeature.objects.create(plan=fresh, feature=Feature.objects.get(slug="hot"), support=support, value=number)
    elif kind == "validity":
        Plan.objects.filter(pk=plan.pk).update(validity_days=number + 1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=plan_specs, changes=edits, query=queries)
def test_after_edits_applied_in_place_the_model_still_answers_like_sql(
    random_catalogue_factory,  # noqa: F811 - the fixture imported above
    specs,
    changes,
    query,
):
    data = QueryDict(mutable=True)
    for key, value in query:
        data.appendlist(key, value)
    with transaction.atomic():  # each generated catalogue is rolled back after its example
        read_model._current = None
        random_catalogue_factory(specs)
        model = read_model.catalogue()
        for sort, _label in SortChoices.choices:  # every sort order made now, so the edits must move plans within them
            model.order(sort)
        for change in changes:
            apply_edit(*change)
            assert read_model.catalogue() is model  # applied in place, not rebuilt

        in_memory = [plan.slug for plan in PlanSearch(data=data).results()[:]]
        in_sql = list(plans_in_sql(data).values_list("slug", flat=True))
        facets = {group.name: [o.count for o in group.options] for group in PlanSearch(data=data).facets()}
        read_model._current = None
        rebuilt = {group.name: [o.count for o in group.options] for group in PlanSearch(data=data).facets()}
        transaction.set_rollback(True)

    assert in_memory == in_sql
    assert facets == rebuilt


def test_views_speak_their_own_language_whoever_asked_first(client, hotspot):
    plan_with_features(slug="harbour", validity_days=30, support_by_feature={hotspot: "yes"})
    client.get("/en/plans/")  # built while English is active

    PlanFactory(slug="later", validity_days=7)  # applied in place during an English request
    client.get("/en/plans/")

    html = client.get("/zh-hans/plans/").content.decode()
    assert "30 天" in html and "7 天" in html and "days" not in html


def test_a_plan_withdrawn_while_the_model_is_read_leaves_the_model_exact(client, hotspot, monkeypatch):
    plan_with_features(slug="harbour", support_by_feature={hotspot: "yes"})
    counted = QuerySet.count
    # The plans are counted, then read: one withdrawn in between makes the count one too many.
    monkeypatch.setattr(QuerySet, "count", lambda self: counted(self) + 1)
    assert listed(client) == ["harbour"]
    monkeypatch.undo()

    plan_with_features(slug="island", support_by_feature={hotspot: "limited"}, price=1)
    assert listed(client) == ["island", "harbour"]
    assert listed(client, "hotspot=limited") == ["island"]  # the unused slot left no answer out of place

"""The plan pages answer from an in-process read model; it must agree with SQL and never go stale."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carriers.models import CatalogueRevision, Plan, PlanFeature
from carriers.read_model import BoundedCache
from carriers.selectors import PlanSearch
from tests.carriers.oracle import plans_in_sql
from tests.factories import CarrierFactory, FeatureFactory, RegionFactory, plan_with_features

pytestmark = pytest.mark.django_db


def listed(client, query=""):
    return [plan.slug for plan in client.get(f"/en/plans/?{query}").context["plans"]]


def test_every_kind_of_write_changes_the_revision_token(hotspot):
    seen = {CatalogueRevision.current_token()}
    plan = plan_with_features(support_by_feature={hotspot: "yes"})
    seen.add(CatalogueRevision.current_token())
    Plan.objects.filter(pk=plan.pk).update(price=Decimal("1"))
    seen.add(CatalogueRevision.current_token())
    PlanFeature.objects.filter(plan=plan).update(support="no")
    seen.add(CatalogueRevision.current_token())
    PlanFeature.objects.filter(plan=plan).delete()
    seen.add(CatalogueRevision.current_token())

    assert len(seen) == 5


def test_list_reflects_a_bulk_update_made_behind_the_orms_back(client, hotspot):
    plan = plan_with_features(support_by_feature={hotspot: "yes"}, slug="changing")
    assert listed(client, "hotspot=yes") == ["changing"]

    PlanFeature.objects.filter(plan=plan).update(support="no")

    assert listed(client, "hotspot=yes") == []
    assert listed(client, "hotspot=no") == ["changing"]


def test_list_drops_a_plan_the_moment_it_is_deactivated_or_deleted(client):
    carrier = CarrierFactory()
    keep, hide, drop = (Plan.objects.create(carrier=carrier, slug=s, name_en=s, name_zh_hans=s, data_gb=1,
                                            validity_days=1, price=1) for s in ("keep", "hide", "drop"))  # fmt: skip
    assert sorted(listed(client)) == ["drop", "hide", "keep"]

    Plan.objects.filter(pk=hide.pk).update(is_active=False)
    drop.delete()

    assert listed(client) == ["keep"]


def test_renamed_region_shows_its_new_name_in_the_facets(client, hong_kong):
    plan_with_features(carrier=CarrierFactory(region=hong_kong), support_by_feature={})
    client.get("/en/plans/")

    type(hong_kong).objects.filter(pk=hong_kong.pk).update(name_en="Hong Kong SAR")

    assert "Hong Kong SAR" in client.get("/en/plans/").content.decode()


SUPPORTS = ["yes", "limited", "no", None]


@pytest.fixture
def random_catalogue_factory(db):
    def build(specs):
        regions = [RegionFactory(slug=f"r{i}") for i in range(2)]
        carriers = [CarrierFactory(region=regions[i % 2], slug=f"c{i}") for i in range(3)]
        features = [FeatureFactory(slug="hot", unit_en="GB"), FeatureFactory(slug="fam")]
        for index, (carrier, price, data, days, is_5g, hot, hot_value, fam) in enumerate(specs):
            answers = {}
            if hot:
                answers[features[0]] = (hot, hot_value)
            if fam:
                answers[features[1]] = fam
            plan_with_features(
                carrier=carriers[carrier], slug=f"p{index}", price=price, currency="USD", is_5g=is_5g,
                data_gb=None if data is None else data, is_unlimited_data=data is None, validity_days=days,
                support_by_feature=answers,
            )  # fmt: skip

    return build


plan_specs = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.integers(1, 60),
        st.one_of(st.none(), st.integers(0, 40)),
        st.integers(1, 30),
        st.booleans(),
        st.sampled_from(SUPPORTS),
        st.one_of(st.none(), st.integers(0, 20)),
        st.sampled_from(SUPPORTS),
    ),  # fmt: skip
    min_size=1,
    max_size=12,
)
queries = st.lists(
    st.sampled_from(
        [
            ("region", "r0"),
            ("region", "r1"),
            ("carrier", "c0"),
            ("carrier", "c2"),
            ("network", "5g"),
            ("network", "4g"),
            ("price_min", "10"),
            ("price_max", "30"),
            ("data_min", "10"),
            ("unlimited", "true"),
            ("validity_min", "15"),
            ("hot", "yes"),
            ("hot", "limited"),
            ("hot", "no"),
            ("hot_min", "5"),
            ("fam", "yes"),
            ("fam", "no"),
            ("sort", "price"),
            ("sort", "-price"),
            ("sort", "price_per_gb"),
            ("sort", "data"),
            ("sort", "validity"),
            ("sort", "verified"),
            ("type", "prepaid"),
        ]
    ),  # fmt: skip
    max_size=5,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=plan_specs, query=queries)
def test_read_model_answers_exactly_like_the_sql_filters(random_catalogue_factory, specs, query):
    data = QueryDict(mutable=True)
    for key, value in query:
        data.appendlist(key, value)
    with transaction.atomic():  # each generated catalogue is rolled back after its example
        random_catalogue_factory(specs)

        in_memory = [plan.slug for plan in PlanSearch(data=data).results()[:]]
        in_sql = list(plans_in_sql(data).values_list("slug", flat=True))
        transaction.set_rollback(True)

    assert in_memory == in_sql


def test_every_catalogue_table_has_its_revision_trigger_after_all_migrations():
    # SQLite rebuilds a table for some ALTERs and drops its triggers; a later migration must re-create them.
    from django.db import connection

    tables = [
        "carriers_region",
        "carriers_carrier",
        "carriers_feature",
        "carriers_plan",
        "carriers_planfeature",
        "carriers_featureattribute",
        "carriers_planattribute",
    ]
    tables += ["articles_article", "articles_article_regions", "articles_article_features", "articles_article_carriers"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            expected = {f"{table}_revision" for table in tables}
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            expected = {f"{table}_revision_{event}" for table in tables for event in ("insert", "update", "delete")}
        found = {row[0] for row in cursor.fetchall()}

    assert expected <= found


def test_every_catalogue_table_logs_its_changes_after_all_migrations():
    # The change log's triggers (carriers migration 0013): one per event, and one per fact where facts are told.
    from django.db import connection

    plan_tables = ["carriers_plan", "carriers_planfeature", "carriers_planattribute"]
    structure = ["carriers_region", "carriers_carrier", "carriers_feature", "carriers_featureattribute"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            expected = {
                f"{table}_change_log_{event}" for table in plan_tables for event in ("insert", "update", "delete")
            }
            expected |= {f"{table}_change_log" for table in structure}
            expected |= {f"{table}_change_log_truncate" for table in plan_tables + structure}
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            expected = {f"{table}_change_log_{event}" for table in plan_tables + structure
                        for event in ("insert", "update", "delete")}  # fmt: skip
            expected |= {f"carriers_plan_log_{field}" for field in ("price", "data", "validity", "active")}
            expected |= {"carriers_planfeature_log_support", "carriers_planfeature_log_value"}
            expected |= {"carriers_planattribute_log_rule", "carriers_cataloguechange_prune"}
        found = {row[0] for row in cursor.fetchall()}

    assert expected <= found
    assert not {name for name in found if "record" in name}  # the planchange triggers of migration 0008 are gone


def test_plans_with_equal_prices_and_currencies_share_one_object_each_and_keep_their_own_values():
    from carriers.read_model import catalogue
    from tests.factories import PlanFactory

    first = PlanFactory(slug="first", price=Decimal("12.50"), currency="HKD", validity_days=300)
    second = PlanFactory(slug="second", price=Decimal("12.50"), currency="HKD", validity_days=300)
    other = PlanFactory(slug="other", price=Decimal("99.00"), currency="USD", validity_days=7)
    model = catalogue()
    facts = {plan.slug: model.plans[model.position[plan.pk]] for plan in (first, second, other)}

    assert facts["first"].price is facts["second"].price and facts["first"].currency is facts["second"].currency
    assert facts["first"].validity_days is facts["second"].validity_days  # ints above 256 are objects of their own
    assert (facts["other"].price, facts["other"].currency) == (Decimal("99.00"), "USD")
    assert str(facts["first"].price) == "12.50" and facts["first"].validity_days == 300


@given(
    st.lists(
        st.one_of(
            st.booleans(),
            st.integers(0, 300),
            st.none(),
            st.text(max_size=2),
            st.dictionaries(st.text(max_size=1), st.none(), max_size=1),
        )
    )
)
def test_a_bitset_has_bit_i_set_exactly_where_flag_i_is_true(flags):
    from carriers.read_model.storage import bits_from

    bits = bits_from(flags)
    assert [bool(bits >> i & 1) for i in range(len(flags))] == [bool(flag) for flag in flags]
    assert bits >> len(flags) == 0


@given(st.lists(st.integers(0, 255)), st.integers(0, 255))
def test_a_bitset_of_equal_codes_has_bit_i_set_exactly_where_code_i_matches(codes, code):
    from carriers.read_model.storage import bits_equal

    bits = bits_equal(bytearray(codes), code)
    assert [bool(bits >> i & 1) for i in range(len(codes))] == [each == code for each in codes]


@given(st.integers(0, 2000).flatmap(lambda size: st.tuples(st.just(size), st.lists(st.integers(0, max(size - 1, 0))))))
def test_a_bitset_of_positions_has_exactly_those_bits_set(size_and_positions):
    from carriers.read_model.storage import bits_at

    size, positions = size_and_positions
    positions = positions if size else []
    bits = bits_at(positions, size)
    assert {i for i in range(size) if bits >> i & 1} == set(positions)
    assert bits >> size == 0


def test_a_choice_facet_finds_every_option_in_one_pass(hong_kong, united_states):
    from carriers.read_model import catalogue
    from tests.factories import PlanFactory

    plans = [PlanFactory(carrier__region=region) for region in (hong_kong, hong_kong, united_states)]
    model = catalogue()
    by_region = {slug: model.choice_bits("test-region", lambda plan: plan.carrier.region.slug, slug)
                 for slug in ("hong-kong", "united-states", "atlantis")}  # fmt: skip

    positions = {plan.pk: model.position[plan.pk] for plan in plans}
    assert by_region["hong-kong"] == (1 << positions[plans[0].pk]) | (1 << positions[plans[1].pk])
    assert by_region["united-states"] == 1 << positions[plans[2].pk]
    assert by_region["atlantis"] == 0


@given(st.lists(st.one_of(st.none(), st.dates()), min_size=1, max_size=4))
def test_a_check_date_is_kept_whatever_the_year(days):
    # Columns keep check days in 2 bytes while they fit (1970 to 2149) and widen a column that meets another day.
    from carriers.read_model.storage import Columns

    columns = Columns(range(len(days)), size=2)
    for feature, day in enumerate(days):
        columns.set(1, feature, "yes", None, day)
    assert [columns.checked_on(feature, 1) for feature in range(len(days))] == [d.toordinal() if d else 0 for d in days]
    assert columns.latest_check(1) == max((d.toordinal() for d in days if d), default=0)
    assert columns.latest_check(0) == 0 and columns.checked_on(0, 0) == 0


def test_a_kept_value_is_made_once_until_its_plan_changes_or_the_cache_starts_over():
    kept, made = BoundedCache(limit=2), []

    def make(text):
        made.append(text)
        return text

    assert kept.get_or_make(("en", 7), lambda: make("row 7")) == "row 7"
    assert kept.get_or_make(("en", 7), lambda: make("again")) == "row 7"
    kept.drop({7})  # plan 7 changed
    assert kept.get_or_make(("en", 7), lambda: make("row 7, new")) == "row 7, new"
    kept.get_or_make(("en", 8), lambda: make("row 8"))
    kept.get_or_make(("en", 9), lambda: make("row 9"))  # over the limit: starts over, keeps only this one
    assert kept.get(("en", 8)) is None and kept.get(("en", 9)) == "row 9"
    assert made == ["row 7", "row 7, new", "row 8", "row 9"]

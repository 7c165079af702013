"""The trip checker's answers equal an independent computation over generated catalogues, and keep the promises
readers rely on: an unknown is never a pass, a bigger need or one more place never adds a pass."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carriers.models import Plan
from carriers.read_model import catalogue
from tests.factories import (
    CarrierFactory,
    FeatureFactory,
    FeatureRuleFactory,
    PlanFactory,
    PlanFeatureFactory,
    RegionFactory,
    rule_value,
)
from tests.trips.oracle import judge_all
from trips.checker import Checker, Trip

pytestmark = pytest.mark.django_db

PLACES = ["hong-kong", "mainland-china", "macau"]
SUPPORT = st.sampled_from(["yes", "yes", "limited", "no", "unknown", None])
WINDOWS = ["calendar-day", "rolling-24h", "billing-cycle", "validity"]


def build_world():
    regions = {slug: RegionFactory(slug=slug, name_en=slug.title()) for slug in PLACES}
    features = {slug: FeatureFactory(slug=slug) for slug in ("hotspot", "cross-border-data", "family-sharing")}
    options = "\n".join(f"{value} | {value} | {value}" for value in WINDOWS)
    rules = {
        "cap": FeatureRuleFactory(feature=features["hotspot"], slug="cap", kind="data"),
        "window": FeatureRuleFactory(feature=features["hotspot"], slug="window", kind="choice", options=options),
        "destinations": FeatureRuleFactory(feature=features["cross-border-data"], slug="destinations", kind="regions"),
        "daily": FeatureRuleFactory(feature=features["cross-border-data"], slug="daily-data", kind="data"),
        "there": FeatureRuleFactory(feature=features["cross-border-data"], slug="hotspot", kind="yes-no"),
        "members": FeatureRuleFactory(feature=features["family-sharing"], slug="members", kind="number"),
        "roaming": FeatureRuleFactory(feature=features["family-sharing"], slug="shares-roaming", kind="yes-no"),
    }
    carriers = {slug: CarrierFactory(region=regions[slug], slug=f"c-{slug}") for slug in ("hong-kong", "macau")}
    return regions, features, rules, carriers


plan_strategy = st.fixed_dictionaries(
    {
        "home": st.sampled_from(["hong-kong", "macau"]),
        "days": st.sampled_from([3, 7, 15, 30]),
        "data": st.sampled_from([None, 5, 10, 30, 60]),
        "supports": st.tuples(SUPPORT, SUPPORT, SUPPORT),
        "cap": st.one_of(st.none(), st.tuples(st.sampled_from([None, "mainland-china"]), st.integers(1, 12))),
        "window": st.one_of(st.none(), st.sampled_from(WINDOWS)),
        "destinations": st.one_of(st.none(), st.lists(st.sampled_from(PLACES), unique=True)),
        "daily": st.one_of(st.none(), st.tuples(st.sampled_from(PLACES[1:]), st.integers(1, 4))),
        "there": st.one_of(st.none(), st.tuples(st.sampled_from(PLACES[1:]), st.booleans())),
        "members": st.one_of(st.none(), st.integers(1, 6)),
        "roaming": st.one_of(st.none(), st.booleans()),
    }
)
trip_strategy = st.builds(
    Trip,
    regions=st.lists(st.sampled_from(PLACES), min_size=1, max_size=3, unique=True).map(tuple),
    days=st.integers(1, 10),
    daily_gb=st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(1), Decimal(2), Decimal(5)]),
    hotspot_gb=st.sampled_from([Decimal(0), Decimal(0), Decimal("0.7"), Decimal(3), Decimal(8), Decimal(40)]),
    members=st.sampled_from([1, 1, 2, 4]),
)


def make_plans(world, plans):
    regions, features, rules, carriers = world
    for index, spec in enumerate(plans):
        plan = PlanFactory(carrier=carriers[spec["home"]], slug=f"p{index}", validity_days=spec["days"],
                           data_gb=spec["data"], is_unlimited_data=spec["data"] is None)  # fmt: skip
        for feature, support in zip(("hotspot", "cross-border-data", "family-sharing"), spec["supports"], strict=True):
            if support is not None:
                PlanFeatureFactory(plan=plan, feature=features[feature], support=support)
        if spec["cap"]:
            region, gb = spec["cap"]
            rule_value(plan, rules["cap"], f"{gb} GB", region=regions.get(region))
        if spec["window"]:
            rule_value(plan, rules["window"], spec["window"])
        if spec["destinations"] is not None and spec["destinations"]:
            rule_value(plan, rules["destinations"], ", ".join(spec["destinations"]))
        if spec["daily"]:
            region, gb = spec["daily"]
            rule_value(plan, rules["daily"], f"{gb} GB", region=regions[region])
        if spec["there"]:
            region, allowed = spec["there"]
            rule_value(plan, rules["there"], "yes" if allowed else "no", region=regions[region])
        if spec["members"]:
            rule_value(plan, rules["members"], str(spec["members"]))
        if spec["roaming"] is not None:
            rule_value(plan, rules["roaming"], "yes" if spec["roaming"] else "no")


def checked(trip):
    return {
        verdict.slug: (verdict.status, {(r.code, r.params) for r in verdict.fails},
                       {(r.code, r.params) for r in verdict.unknowns}, {(r.code, r.params) for r in verdict.fits})
        for verdict in Checker(catalogue()).check(trip)
    }  # fmt: skip


def passes(trip):
    return {verdict.slug for verdict in Checker(catalogue()).check(trip) if verdict.status == "pass"}


EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])  # fmt: skip


@EXAMPLES
@given(plans=st.lists(plan_strategy, min_size=1, max_size=6), trip=trip_strategy)
def test_passes_fails_and_reasons_equal_an_independent_computation(plans, trip):
    with transaction.atomic():
        make_plans(build_world(), plans)
        found, expected = checked(trip), judge_all(trip)
        transaction.set_rollback(True)

    assert found == expected
    for status, _fails, unknowns, _fits in found.values():
        assert not (status == "pass" and unknowns)  # an unknown needed fact is never a pass


@EXAMPLES
@given(
    plans=st.lists(plan_strategy, min_size=1, max_size=6),
    trip=trip_strategy,
    more=st.tuples(
        st.sampled_from([Decimal(0), Decimal(1), Decimal(3)]),
        st.sampled_from([Decimal(0), Decimal(5)]),
        st.integers(0, 3),
    ),  # fmt: skip
)
def test_raising_a_need_never_adds_a_pass(plans, trip, more):
    raised = Trip(trip.regions, trip.days, trip.daily_gb + more[0], trip.hotspot_gb + more[1], trip.members + more[2])
    with transaction.atomic():
        make_plans(build_world(), plans)
        before, after = passes(trip), passes(raised)
        transaction.set_rollback(True)

    assert after <= before


@EXAMPLES
@given(plans=st.lists(plan_strategy, min_size=1, max_size=6), trip=trip_strategy, place=st.sampled_from(PLACES))
def test_adding_a_destination_never_adds_a_pass(plans, trip, place):
    wider = Trip(tuple(dict.fromkeys([*trip.regions, place])), trip.days, trip.daily_gb, trip.hotspot_gb,
                 trip.members)  # fmt: skip
    with transaction.atomic():
        make_plans(build_world(), plans)
        before, after = passes(trip), passes(wider)
        transaction.set_rollback(True)

    assert after <= before


def test_a_plan_whose_hotspot_is_not_recorded_is_listed_apart_not_as_a_pass():
    world = build_world()
    make_plans(world, [{"home": "hong-kong", "days": 30, "data": None, "supports": ("unknown", None, None),
                        "cap": None, "window": None, "destinations": None, "daily": None, "there": None,
                        "members": None, "roaming": None}])  # fmt: skip
    (verdict,) = Checker(catalogue()).check(Trip(("hong-kong",), 7, Decimal(1), Decimal(2)))
    assert verdict.status == "unconfirmed" and [reason.code for reason in verdict.unknowns] == ["hotspot_unknown"]


def test_a_plan_that_answers_no_to_a_need_does_not_take_a_judged_place():
    # One plan judged per request: the cheaper plan has no hotspot, so the answer judges the one that fits.
    world = build_world()
    plain = {"home": "hong-kong", "days": 30, "data": None, "cap": None, "window": None, "destinations": None,
             "daily": None, "there": None, "members": None, "roaming": None}  # fmt: skip
    make_plans(world, [{**plain, "supports": ("no", None, None)}, {**plain, "supports": ("yes", None, None)}])
    cheap, dear = Plan.objects.get(slug="p0"), Plan.objects.get(slug="p1")
    cheap.price, dear.price = 5, 50
    cheap.save()
    dear.save()

    answer = Checker(catalogue()).answer(Trip(("hong-kong",), 7, Decimal(0), Decimal(2)), 8, limit=1)

    assert [verdict.slug for verdict in answer.passes] == ["p1"] and answer.complete
    assert [(verdict.slug, [reason.code for reason in verdict.fails]) for verdict in answer.fails] == [
        ("p0", ["no_hotspot"])
    ]
    assert answer.counts == {"pass": 1, "fail": 1, "unconfirmed": 0}


@EXAMPLES
@given(plans=st.lists(plan_strategy, min_size=1, max_size=8), trip=trip_strategy, shown=st.integers(1, 4))
def test_what_pages_show_equals_judging_every_candidate(plans, trip, shown):
    with transaction.atomic():
        make_plans(build_world(), plans)
        checker = Checker(catalogue())
        everything, answer = checker.check(trip), checker.answer(trip, shown)
        transaction.set_rollback(True)

    def first(status):
        group = sorted((v for v in everything if v.status == status), key=lambda v: (v.price_usd, v.slug))
        return [(v.slug, v.fails, v.unknowns, v.fits) for v in group[:shown]]

    def rows(verdicts):
        return [(v.slug, v.fails, v.unknowns, v.fits) for v in verdicts]

    assert answer.counts == {status: sum(v.status == status for v in everything) for status in answer.counts}
    assert rows(answer.passes) == first("pass")
    assert rows(answer.unconfirmed) == first("unconfirmed")
    assert rows(answer.fails) == first("fail")


@EXAMPLES
@given(plans=st.lists(plan_strategy, min_size=2, max_size=8), trip=trip_strategy, limit=st.integers(1, 3))
def test_a_bounded_answer_keeps_the_cheapest_passes_and_says_it_is_incomplete(plans, trip, limit):
    with transaction.atomic():
        make_plans(build_world(), plans)
        checker = Checker(catalogue())
        full, bounded = checker.answer(trip, 8), checker.answer(trip, 8, limit=limit)
        transaction.set_rollback(True)

    assert [v.slug for v in bounded.passes] == [v.slug for v in full.passes][: len(bounded.passes)]
    assert all(bounded.counts[status] <= full.counts[status] for status in full.counts)
    if bounded.complete:
        assert bounded.counts == full.counts
    else:  # some plans that could fit were left out, and the counts say so by being smaller
        assert sum(bounded.counts.values()) < sum(full.counts.values())

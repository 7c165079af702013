"""The catalogue read model itself: loading, applying changes in place, bitsets and sort orders."""

import bisect
import contextlib
import itertools
from array import array
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import get_language

from .. import attributes, rules
from ..models import (
    Carrier,
    CatalogueChange,
    Feature,
    FeatureAttribute,
    Plan,
    PlanAttribute,
    PlanFeature,
    Region,
    Support,
)
from .cells import PageCells
from .plans import Cell, FeatureRef, PlanFacts, Ref, RuleRef, _name_columns, _ViewFactory, rule_value
from .storage import (
    CODE_SUPPORT,
    NO_VALUE,
    SUPPORT_CODE,
    BoundedCache,
    Columns,
    _day,
    _decimal,
    bits_at,
    bits_equal,
    bits_from,
)

CHOICE_GROUPS_KEPT = 1000  # distinct values of a choice facet kept as bitsets at once (choice_bits)
INCREMENTAL_LIMIT = 500  # changed plans applied in place; more (a bulk update) rebuild the model
PLAN_FIELDS = ["pk", "slug", "carrier_id", "plan_type", "data_gb", "is_unlimited_data", "validity_days", "price",
               "currency", "price_usd", "is_5g", "purchase_url", "is_active"]  # fmt: skip
# Plan fields whose values repeat between plans (a few currencies and types, common prices and sizes): one object
# per distinct value instead of one per plan and field, at most SHARED_VALUES_KEPT of them (bench/README.md).
SHARED_FIELDS = ("plan_type", "data_gb", "validity_days", "price", "currency", "price_usd")
SHARED_VALUES_KEPT = 50_000
RULE_SETS_KEPT = 100_000  # distinct sets of rule values shared between plans; past it a plan keeps its own
RULE_COLUMNS = ["plan_id", "attribute_id", "region_id", "number", "text", "flag"]
_refs_versions = itertools.count(1)


class Catalogue:
    def __init__(self, token, change, built_on, features, size, plans, rules=()):
        self.token, (self.change_id, self.nonce) = token, change
        self.bits_cache, self.orders, self.value_columns = {}, {}, {}
        # Plans' rule values, one object per distinct set (they are read, never changed): many plans state the same
        # cap or destinations, and a dict per plan was most of what the values took (bench/README.md, 100,000 plans).
        self.rule_sets, self.shared_values = {}, {}
        self.sorts = {sort.value: sort for sort in attributes.sorts()}
        # Rendered plan rows and compare columns; cells of recently shown plans. At 25 features a row is about 4 kB
        # and a plan's cells about 6 kB, so full they hold about 4 and 3 MB (per process): twenty pages of rows.
        self.fragments, self.cell_cache = BoundedCache(1000), BoundedCache(500)
        self.roll_date(built_on)
        self._load_refs(features, rules)
        self.columns = Columns([feature.pk for feature in features], size)
        self.plan_pks, self.position, self.by_slug, self.live, self.facts = [], {}, {}, 0, []
        for plan in plans:
            position = len(self.plan_pks)
            # More plans than counted (one added in between): the change log brings the rest in on the next request.
            # Fewer (one withdrawn): the columns keep an unused slot at their end, and positions stay aligned.
            if position == size:
                break
            self.plan_pks.append(plan["pk"])
            self.facts.append(None)
            self._write_plan(position, plan, (), ())

    @classmethod
    def load(cls, token, change_id, today):
        # In a transaction: in autocommit, Django declares its server-side cursors WITH HOLD, and PostgreSQL runs
        # such a query to its end before the first row comes back (at 100,000 plans x 25 features the answers'
        # DECLARE took longer than a request's database deadline, esimguide/db_deadline.py). Inside, rows stream.
        with transaction.atomic() if transaction.get_autocommit() else contextlib.nullcontext():  # else in one
            return cls._load(token, change_id, today)

    @classmethod
    def _load(cls, token, change_id, today):
        features = list(Feature.objects.all())
        # rewrite(False): modeltranslation's own switch, for reads that name every language's column themselves; its
        # rows pass through a per-row fallback otherwise (a seventh of the build's time at 100,000 plans).
        plans = Plan.objects.rewrite(False).filter(is_active=True).order_by("pk").values(*PLAN_FIELDS, *_name_columns())
        change = CatalogueChange.objects.filter(pk__lte=change_id).order_by("-pk").values_list("pk", "nonce").first()
        # Plans in chunks too: 20,000 rows of twenty fields at once were 40 MB that, freed between the long-lived
        # views made meanwhile, stayed in the process as fragmented heap.
        rules = list(_rules())
        model = cls(token, change or (0, 0), today, features, plans.count(), plans.iterator(chunk_size=1000), rules)
        # Straight into the columns, in chunks: half a million answers never exist as Python objects at once.
        rows = (
            PlanFeature.objects.rewrite(False)
            .filter(plan__is_active=True)
            .values_list("plan_id", "feature_id", "support", "value", "verified_on")
        )
        position, write = model.position, model.columns.set
        for plan_id, *answer in rows.iterator(chunk_size=20000):
            write(position[plan_id], *answer)
        # Rule values in plan order, each plan's as they arrive: every plan's rows never exist at once (at 100,000
        # plans they were the build's largest transient objects, bench/README.md).
        rule_rows = (
            PlanAttribute.objects.rewrite(False)
            .filter(plan__is_active=True)
            .order_by("plan_id", "pk")
            .values_list(*RULE_COLUMNS)
        )
        for plan_id, rows in itertools.groupby(rule_rows.iterator(5000), key=lambda row: row[0]):
            if plan_id in position:
                model.facts[position[plan_id]].rules = model._rule_values(rows)
        return model

    # Keeping up with writes ------------------------------------------------------------------------------------

    def refresh(self, token, change_id, today):
        """Bring the model up to ``token``; False when only a rebuild can (see the module docstring)."""
        if today != self.built_on:
            self.roll_date(today)
        if token == self.token:
            return True
        if change_id < self.change_id or change_id - self.change_id > INCREMENTAL_LIMIT:
            # The log went back (a restored backup), or more changes than are worth applying one by one (ids are
            # handed out in commit order, so their distance bounds the count) or than the log keeps.
            return False
        changes = list(
            CatalogueChange.objects.filter(pk__gte=self.change_id)
            .order_by("pk")
            .values_list("pk", "plan_id", "nonce")[: INCREMENTAL_LIMIT + 2]
        )
        if self.change_id:
            # The row this model saw last must still be there, unchanged; else the history is not the one it knows.
            if not changes or changes[0][0] != self.change_id or changes[0][2] != self.nonce:
                return False
            changes = changes[1:]
        plan_pks = {plan_id for _pk, plan_id, _nonce in changes if plan_id is not None}
        if len(changes) > INCREMENTAL_LIMIT or 0 in plan_pks:  # a bulk change, or a TRUNCATE (plan_id 0)
            return False
        if any(plan_id is None for _pk, plan_id, _nonce in changes) and not self._reload_structure():
            return False
        self._apply_plans(plan_pks)
        if changes:
            self.change_id, self.nonce = changes[-1][0], changes[-1][2]
        self.token = token
        return True

    def roll_date(self, today):
        """A new day: "possibly out of date" marks move; nothing else depends on the date."""
        self.built_on = today
        self.stale_before = (today - timedelta(days=settings.STALE_AFTER_DAYS)).toordinal()
        self.fragments.clear()
        self.cell_cache.clear()

    def _reload_structure(self):
        """Regions, carriers or features changed. Names and flags are reloaded in place; a feature added or removed
        changes the columns, which only a rebuild can do."""
        features, rules = list(Feature.objects.all()), list(_rules())
        if [feature.pk for feature in features] != list(self.columns.index):
            return False
        if [(rule.pk, rule.kind) for rule in rules] != [(pk, kind) for pk, kind in self.rule_kinds.items()]:
            return False  # a rule added, removed or given another type: values read differently, rebuild
        self._load_refs(features, rules)
        carriers = self.carrier_refs[settings.LANGUAGE_CODE]
        for facts in self.facts:
            facts.carrier = carriers.get(facts.carrier_id, facts.carrier)
        self.cell_cache.clear()  # feature names and units may have changed
        # Only region and carrier bitsets test what changed here; answers and plan facts did not move.
        for key in [key for key in self.bits_cache if key[0] in ("region", "carrier", "rule")]:
            del self.bits_cache[key]
        self.orders.clear()
        self.value_columns.clear()
        self.fragments.clear()
        return True

    def _apply_plans(self, pks):
        if not pks:
            return
        plans = {plan["pk"]: plan for plan in Plan.objects.filter(pk__in=pks).values(*PLAN_FIELDS, *_name_columns())}
        rows = defaultdict(list)
        columns = ["plan_id", "feature_id", "support", "value", "verified_on"]
        for plan_id, *answer in PlanFeature.objects.filter(plan_id__in=pks).values_list(*columns):
            rows[plan_id].append(answer)
        rule_rows = defaultdict(list)
        for row in PlanAttribute.objects.filter(plan_id__in=pks).values_list(*RULE_COLUMNS):
            rule_rows[row[0]].append(row)
        changed = []
        for pk in pks:
            plan = plans.get(pk)
            position = self.position.get(pk)
            if plan is not None and plan["is_active"]:
                if position is None:
                    position = self._add_slot(pk)
                self._write_plan(position, plan, rows.get(pk, ()), rule_rows.get(pk, ()))
            elif position is not None:
                self.live &= ~(1 << position)
                self.by_slug.pop(self.plans[position].slug, None)
            if position is not None:
                changed.append(position)
        for key, (test, bits) in self.bits_cache.items():
            for position in changed:
                bits = bits | (1 << position) if test(position) else bits & ~(1 << position)
            self.bits_cache[key] = (test, bits)
        self._reorder(changed)
        plans = self.plans
        for value_of, values in self.value_columns.values():  # kept exact like the bitsets: only what changed
            values.extend(value_of(plans[position]) for position in range(len(values), len(plans)))  # new slots
            for position in changed:
                values[position] = value_of(plans[position])
        self.fragments.drop(set(pks))
        self.cell_cache.drop(set(changed))

    def _reorder(self, changed):
        """Move the changed plans to their new places in every sort order kept (a new plan joins them). Sorting
        20,000 plans again takes tens of milliseconds; taking out and inserting a few takes well under one."""
        moved = set(changed)
        for sort, order in self.orders.items():
            key = self._sort_key(sort)
            if len(moved) <= 16:  # the usual case, one editor's save: list.remove is a scan in C
                for position in moved:
                    with contextlib.suppress(ValueError):  # a new plan is not in the order yet
                        order.remove(position)
            else:
                order[:] = array("i", [position for position in order if position not in moved])
            for position in changed:
                bisect.insort(order, position, key=key)

    def _add_slot(self, pk):
        position = len(self.plan_pks)
        self.plan_pks.append(pk)
        self.columns.append()
        self.facts.append(None)
        return position

    def _write_plan(self, position, plan, rows, rule_rows):
        old = self.facts[position]
        if old is not None and self.by_slug.get(old.slug) == position:
            del self.by_slug[old.slug]
        self.columns.write(position, rows)
        self._share_values(plan)
        carrier = self.carrier_refs[settings.LANGUAGE_CODE].get(plan["carrier_id"])
        self.facts[position] = PlanFacts(
            plan, carrier, self.languages, settings.MODELTRANSLATION_FALLBACK_LANGUAGES, self._rule_values(rule_rows)
        )
        self.position[plan["pk"]] = position
        self.by_slug[plan["slug"]] = position
        self.live |= 1 << position

    def _share_values(self, plan):
        """Replace ``plan``'s repeating values by the one object kept for each (``SHARED_FIELDS``)."""
        shared = self.shared_values
        for field in SHARED_FIELDS:
            value = plan[field]
            key = (type(value), str(value))  # str keeps a Decimal's places: 10.0 and 10.00 stay two values
            kept = shared.get(key)
            if kept is not None:
                plan[field] = kept
            elif len(shared) < SHARED_VALUES_KEPT:
                shared[key] = value

    def _rule_values(self, rows):
        """{rule pk: {region slug or None: value}} from PlanAttribute rows, or None for none."""
        result = {}
        for _plan_id, rule_pk, region_id, number, text, flag in rows:
            kind = self.rule_kinds.get(rule_pk)
            value = None if kind is None else rule_value(kind, number, text, flag)
            if value is not None:
                region = None if region_id is None else self.region_slugs.get(region_id)
                result.setdefault(rule_pk, {})[region] = value
        if not result:
            return None
        key = tuple(
            sorted(
                (pk, tuple(sorted(by_region.items(), key=lambda item: rules.everywhere_first(item[0]))))
                for pk, by_region in result.items()
            )  # fmt: skip
        )
        shared = self.rule_sets.get(key)
        if shared is None:
            shared = result
            if len(self.rule_sets) < RULE_SETS_KEPT:  # saves between rebuilds add sets; the table stays bounded
                self.rule_sets[key] = result
        return shared

    def _load_refs(self, features, rules=()):
        """Names in every language (modeltranslation resolves them and their fallbacks here, once)."""
        regions = list(Region.objects.all())
        self.region_slugs = {region.pk: region.slug for region in regions}
        self.rule_kinds = {rule.pk: rule.kind for rule in rules}
        carriers = list(Carrier.objects.select_related("region").order_by("region__display_order", "slug"))
        self.refs, self.carrier_refs, self.factories = {}, {}, {}
        self.refs_version = next(_refs_versions)  # what the filter form's choices and labels come from
        self.languages = [code for code, _name in settings.LANGUAGES]
        for index, code in enumerate(self.languages):
            with translation.override(code):
                region_refs = {r.pk: Ref(r.slug, r.name) for r in regions}
                self.carrier_refs[code] = {c.pk: Ref(c.slug, c.name, region_refs[c.region_id]) for c in carriers}
                self.refs[code] = {
                    "regions": list(region_refs.values()),
                    "carriers": list(self.carrier_refs[code].values()),
                    "features": [FeatureRef(f.pk, f.slug, f.name, f.unit, f.is_filterable) for f in features],
                    "rules": [_rule_ref(rule, code) for rule in rules],
                }
                self.refs[code]["region_names"] = {ref.slug: ref.name for ref in self.refs[code]["regions"]}
                self.factories[code] = _ViewFactory(self.carrier_refs[code], index)

    # Plans in the active language ------------------------------------------------------------------------------

    @property
    def plans(self):
        """Every plan's facts, by position: what filters and sort orders test (slugs and numbers only)."""
        return self.facts

    @property
    def all_bits(self):
        return self.live

    def bits_of(self, positions):
        """The bitset of these plan positions."""
        return bits_at(positions, len(self.plan_pks))

    @property
    def feature_index(self):
        return self.columns.index

    @property
    def feature_refs(self):
        """Features in column order (a cell needs only the feature's pk)."""
        return self.refs[settings.LANGUAGE_CODE]["features"]

    # The public reads other apps use (search, inline facts): never the bitsets themselves.

    def live_plans(self):
        """(position, facts) of every active plan, in position order."""
        live = self.live
        return ((position, facts) for position, facts in enumerate(self.facts) if live >> position & 1)

    def live_position(self, slug):
        """The position of the active plan with this slug, or None."""
        position = self.by_slug.get(slug)
        return position if position is not None and self.live >> position & 1 else None

    def names_in_every_language(self, facts):
        """(plan name, carrier name, region name) of a plan in each language of LANGUAGES."""
        result = []
        for name, code in zip(facts.names, self.languages, strict=True):
            carrier = self.carrier_refs[code].get(facts.carrier_id, facts.carrier)
            result.append((name, carrier.name, carrier.region.name if carrier.region else ""))
        return result

    def view(self, position):
        """The plan at ``position`` as pages show it, in the active language."""
        return self._factory_here()(self.facts[position], position)

    def _factory_here(self):
        return self.factories.get(get_language(), self.factories[settings.LANGUAGE_CODE])

    def refs_here(self):
        return self.refs.get(get_language(), self.refs[settings.LANGUAGE_CODE])

    @property
    def regions(self):
        return self.refs_here()["regions"]

    @property
    def carriers(self):
        return self.refs_here()["carriers"]

    @property
    def features(self):
        return self.refs_here()["features"]

    @property
    def filterable_features(self):
        return [f for f in self.features if f.is_filterable]

    @property
    def rules(self):
        """Every feature rule, in the active language, in feature then rule order."""
        return self.refs_here()["rules"]

    @property
    def filterable_rules(self):
        return [rule for rule in self.rules if rule.is_filterable]

    def region_names(self):
        """Region slugs to names in the active language."""
        return self.refs_here()["region_names"]

    def rule_values(self, position):
        """{rule pk: {region slug or None: value}} of the plan at ``position`` (empty when it states none)."""
        return self.facts[position].rules or {}

    def rule_clauses(self, position):
        """The plan's rules as sentences in the active language (``carriers.rules.clauses``)."""
        return rules.clauses(self.rules, self.rule_values(position), self.region_names())

    def support_column(self, feature_pk):
        """Every plan's answer for a feature as (codes by position, code -> ``Support`` value), for a caller that
        reads thousands of plans (the trip checker); code 0 is "no row". None when the feature has no column."""
        column = self.columns.index.get(feature_pk)
        return None if column is None else (self.columns.support[column], CODE_SUPPORT)

    def form_key(self):
        """Identifies everything the filter form's fields depend on (names, units and choices of regions, carriers
        and features, in the active language), so the form class is reused until one of those changes: a saved
        plan or answer leaves it as it was."""
        return None if self.token is None else (self.refs_version, get_language())

    def cell(self, position, feature, details, labels):
        column = self.columns.index.get(feature.pk)
        code = 0 if column is None else self.columns.support[column][position]
        if not code:
            return None
        support = CODE_SUPPORT[code]
        value = _decimal(self.columns.value[column][position])
        checked = self.columns.checked_on(column, position)
        verified = _day(checked)
        note, source = details.get((self.plan_pks[position], feature.pk), ("", ""))
        title = f"{note} {verified.isoformat() if verified else ''}".strip()
        return Cell(support, value, note, source, verified, checked < self.stale_before, labels[support], title)

    def with_cells(self, positions, features):
        """Views of the plans at ``positions`` in the active language, whose ``cells`` follow ``features``."""
        make, page, facts = self._factory_here(), PageCells(self, positions), self.facts
        features = tuple(features)
        views = []
        for position in positions:
            view = make(facts[position], position)
            view.page_cells, view.features = page, features
            views.append(view)
        return views

    # Bitsets ---------------------------------------------------------------------------------------------------

    def bits(self, key, predicate):
        """A cached bitset of the plans for which ``predicate(plan)`` holds (``plan`` in the default language).
        Kept exact by ``_apply_plans``, which re-tests the changed positions."""
        if key not in self.bits_cache:
            plans = self.plans

            def test(position):
                return predicate(plans[position])

            self.bits_cache[key] = (test, bits_from([test(i) for i in range(len(plans))]))
        return self.bits_cache[key][1]

    def choice_bits(self, name, value_of, option):
        """The bitset of the plans whose ``value_of(plan)`` equals ``option``. The first call for ``name`` sorts
        every plan by its value in one pass and keeps a bitset for each value found (a facet asks for all of them
        next), instead of one pass over the plans per option. Kept exact by ``_apply_plans`` as ``bits`` is."""
        key = (name, option)
        if key not in self.bits_cache:
            plans = self.plans
            groups = defaultdict(bytearray)
            for position, plan in enumerate(plans):
                flags = groups[value_of(plan)]
                if not flags:
                    flags.extend(bytes(len(plans)))
                flags[position] = 1
            if len(groups) > CHOICE_GROUPS_KEPT:  # not a choice after all: keep the one asked for only
                groups = {option: groups.get(option, b"")}
            groups.setdefault(option, b"")  # no plan has it: an empty bitset, kept exact like the others
            for value, flags in groups.items():

                def test(position, value=value):
                    return value_of(plans[position]) == value

                self.bits_cache[(name, value)] = (test, bits_from(flags))
        return self.bits_cache[key][1]

    def answer(self, plan, feature):
        """(support, value) of the plan's row for ``feature``, or None."""
        column = self.columns.index.get(feature.pk)
        return None if column is None else self.columns.answer(column, plan.position)

    def support_bits(self, feature, supports):
        column = self.columns.index.get(feature.pk)
        result = 0
        for support in supports:
            key = ("support", feature.pk, support)
            if key not in self.bits_cache:
                codes, code = self.columns.support, SUPPORT_CODE.get(support, -1)

                def test(position, codes=codes, code=code):
                    return column is not None and codes[column][position] == code

                found = 0 if column is None or code < 0 else bits_equal(codes[column][: len(self.plan_pks)], code)
                self.bits_cache[key] = (test, found)
            result |= self.bits_cache[key][1]
        return result

    def minimum_bits(self, feature, minimum):
        column = self.columns.index.get(feature.pk)
        if column is None:
            return 0
        codes, values, floor = self.columns.support[column], self.columns.value[column], minimum * 100
        yes, limited = SUPPORT_CODE[Support.YES], SUPPORT_CODE[Support.LIMITED]

        def qualifies(i):
            code, value = codes[i], values[i]
            if code == yes and value == NO_VALUE:
                return True  # "yes" without a cap counts as unlimited
            return code in (yes, limited) and value != NO_VALUE and value >= floor

        return bits_from([qualifies(i) for i in range(len(codes))])

    def within(self, key, value_of, bound, *, at_least):
        """Plans whose ``value_of(plan)`` is at least (or at most) ``bound``. The values are kept per ``key`` and
        brought up to date for the plans that change (``_apply_plans``), so a bound never seen before costs one
        comparison per plan and no call (a call per plan was the largest part of an uncached plan list:
        bench/README.md)."""
        kept = self.value_columns.get(key)
        if kept is None:
            kept = self.value_columns[key] = (value_of, [value_of(plan) for plan in self.plans])
        values = kept[1]
        if at_least:
            return bits_from([value >= bound for value in values])
        return bits_from([value <= bound for value in values])

    # Ordering --------------------------------------------------------------------------------------------------

    def ordered_positions(self, bits, sort, stop):
        """Positions of the first ``stop`` plans in ``bits``, in ``sort`` order. A page needs only the first few:
        the walk along the order stops there instead of at its end."""
        flags = format(bits, f"0{len(self.plan_pks)}b")[::-1] if self.plan_pks else ""
        found = []
        if stop > 0:
            for i in self.order(sort):
                if flags[i] == "1":
                    found.append(i)
                    if len(found) == stop:
                        break
        return found

    def order(self, sort):
        if sort not in self.orders:
            # Positions in 4 bytes each, where a list held an int object and a pointer per plan; bisect and remove
            # work on the array as they did on the list.
            self.orders[sort] = array("i", sorted(range(len(self.plan_pks)), key=self._sort_key(sort)))
        return self.orders[sort]

    def _sort_key(self, value):
        """The declared sort's key (carriers/attributes.py), then the slug; an unknown value sorts by price."""
        plans, latest = self.plans, self.columns.latest_check
        sort = self.sorts.get(value) or attributes.sorts()[0]
        key = sort.key
        if sort.needs_check:
            return lambda i: (*key(plans[i], latest(i)), plans[i].slug)
        return lambda i: (*key(plans[i], 0), plans[i].slug)


def _rules():
    return FeatureAttribute.objects.select_related("feature").order_by(
        "feature__display_order", "feature__slug", "display_order", "slug"
    )


def _rule_ref(rule, language):
    """``rule`` in ``language`` (the caller has activated it): modeltranslation resolves label and unit; a choice's
    labels are the editor's for that language, Traditional Chinese converted from Simplified where not written."""
    return RuleRef(
        rule.pk, rule.feature_id, rule.feature.slug, rule.feature.name, rule.slug, rule.label, rule.kind,
        rule.unit or "", rule.options_in(language), rule.phrase or "", rule.is_filterable,
    )  # fmt: skip

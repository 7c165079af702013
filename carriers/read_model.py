"""An in-process read model of the active catalogue for the plan list, compare page and exports.

Why: the plan list filters on every feature, counts every facet option with "all other filters" applied and
sorts six ways. In SQL that is a dozen GROUP BY queries over the plan-feature join per page view; here it is a
few AND/popcount operations on Python integers used as bitsets over the plans. Names in every language are
resolved once per plan (``PlanFacts``) instead of through translated-field descriptors on every access; the views
a page shows are made from them, in the page's language, for that page's plans only.

Compact: one ``PlanFacts`` per plan for all languages, and the answers as columns, one per feature (support as
one byte, value in hundredths, check date as a day number); what that takes per worker is measured in
bench/README.md, not written here. Notes and source links are not held; the cells a page
shows are filled from one query for that page's plans (``PageCells``).

Exact and cheap after every write: database triggers (migrations 0002 and 0006) give ``CatalogueRevision.token``
a new value on every write to regions, carriers, features, plans or plan features, and log which plans changed
(``CatalogueChange``). Each request reads the token and the newest change id (one query, ``revision.current``,
shared with the page cache). When they moved, the model re-reads just the plans that changed (two queries),
updates their facts, columns and every cached bitset in place, and moves them within the sort orders it keeps.
Only a structural change (a feature added or removed), more than ``INCREMENTAL_LIMIT`` changed plans at once
(a bulk update), or a log that was pruned past this model makes it rebuild from scratch, as it does when the
process starts (gunicorn workers do that before their first request: ``esimguide.workers``).
"""

import bisect
import contextlib
import functools
import itertools
import threading
from array import array
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from core.frozen_heap import freeze_built
from editorial.conversion import text_in

from . import attributes, revision
from .filters import translated_choices
from .models import (
    MINIMUM_SUFFIX,
    Carrier,
    CatalogueChange,
    Feature,
    Plan,
    PlanFeature,
    Region,
    Support,
)

INCREMENTAL_LIMIT = 500  # changed plans applied in place; more (a bulk update) rebuild the model
SUPPORT_CODE = {Support.YES: 1, Support.LIMITED: 2, Support.NO: 3, Support.UNKNOWN: 4}
CODE_SUPPORT = {code: support for support, code in SUPPORT_CODE.items()}
NO_VALUE = -1  # hundredths column: no value
CENT = Decimal("0.01")
PLAN_FIELDS = ["pk", "slug", "carrier_id", "plan_type", "data_gb", "is_unlimited_data", "validity_days", "price",
               "currency", "price_usd", "is_5g", "purchase_url", "is_active"]  # fmt: skip

_lock = threading.Lock()
_refs_versions = itertools.count(1)
_current = None


def catalogue():
    """The read model for the current catalogue revision (changes applied in place, or rebuilt; see above).
    Within a reading request every caller gets the model the first one checked (``revision.scoped``)."""
    values = revision.scoped()
    if values is not None and "catalogue" in values:
        return values["catalogue"]
    model = _checked_catalogue()
    if values is not None:
        values["catalogue"] = model
    return model


def _checked_catalogue():
    global _current
    now, today = revision.current(), timezone.localdate()
    token, change_id = now.catalogue_token, now.newest_change
    with _lock:
        model = _current
        if model is not None and token is not None and model.refresh(token, change_id or 0, today):
            return model
        model = _current = Catalogue.load(token, change_id or 0, today)
    freeze_built()  # core/frozen_heap.py: later collections do not walk the model's objects
    return model


class Cell(NamedTuple):
    """One plan's answer for one feature, in one language, as the public pages show it. A named tuple: an export
    makes tens of thousands, and a frozen dataclass is several times slower to make."""

    support: str
    value: object
    note: str
    source_url: str
    verified_on: object
    is_stale: bool
    support_label: str
    title: str  # note and check date, for the plan table's tooltip

    def get_support_display(self):
        return self.support_label


@dataclass(frozen=True, slots=True)
class Ref:
    """A region or carrier in one language."""

    slug: str
    name: str
    region: "Ref | None" = None


@dataclass(frozen=True, slots=True)
class FeatureRef:
    """A feature in one language, with what the filters and tables need."""

    pk: int
    slug: str
    name: str
    unit: str
    is_filterable: bool

    @property
    def is_numeric(self):
        return bool(self.unit)

    @property
    def minimum_parameter(self):
        return f"{self.slug}{MINIMUM_SUFFIX}"


class PlanView:
    """A plan's display data in one language; mirrors the Plan attributes templates and exports use."""

    __slots__ = (
        "pk", "position", "slug", "name", "url", "carrier", "plan_type", "plan_type_label", "data_gb",
        "is_unlimited_data", "data_label", "validity_days", "validity_label", "price", "currency", "price_usd",
        "is_5g", "purchase_url", "page_cells", "features", "is_compared", "compare_query",
    )  # fmt: skip

    @property
    def cells(self):
        """Cells aligned with the page's feature columns, filled for the whole page on first use."""
        return self.page_cells.for_position(self.position, self.features)

    def get_absolute_url(self):
        return self.url

    def get_plan_type_display(self):
        return self.plan_type_label


class PlanFacts:
    """What the model keeps of a plan: its facts, and its name in every language (in ``LANGUAGES`` order). One per
    plan for all languages; the views pages show are made from it for the plans a page shows."""

    __slots__ = (
        "pk", "slug", "carrier_id", "carrier", "names", "plan_type", "data_gb", "is_unlimited_data", "validity_days",
        "price", "currency", "price_usd", "is_5g", "purchase_url",
    )  # fmt: skip

    def __init__(self, row, carrier, languages, fallbacks):
        self.pk, self.slug, self.carrier_id = row["pk"], row["slug"], row["carrier_id"]
        self.carrier = carrier  # in the default language: what filters test (slugs) and sorting needs
        self.names = tuple(text_in(row.get, "name", code, fallbacks)[0] or row["slug"] for code in languages)
        self.plan_type, self.data_gb, self.is_unlimited_data = (
            row["plan_type"],
            row["data_gb"],
            row["is_unlimited_data"],
        )
        self.validity_days, self.price, self.currency = row["validity_days"], row["price"], row["currency"]
        self.price_usd, self.is_5g, self.purchase_url = row["price_usd"], row["is_5g"], row["purchase_url"]


class _ViewFactory:
    """Makes plan views in one language from plan facts; labels that depend only on the language are made once."""

    def __init__(self, carrier_refs, index):
        self.carrier_refs, self.language, self.index = carrier_refs, get_language(), index
        self.unlimited = _("Unlimited")
        self.type_labels = {value: str(label) for value, label in Plan._meta.get_field("plan_type").choices}
        self.url_prefix = reverse("carriers:plan_list")
        self._validity = {}

    def validity_label(self, days):
        # Views are also made later, for changed plans, under whatever language that request speaks.
        if days not in self._validity:
            with translation.override(self.language):
                self._validity[days] = ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
        return self._validity[days]

    def __call__(self, facts, position):
        view = PlanView()
        view.pk, view.position, view.slug = facts.pk, position, facts.slug
        view.carrier = self.carrier_refs.get(facts.carrier_id, facts.carrier)
        view.name = facts.names[self.index]
        # Plan slugs are URL-safe, so the detail URL is the list URL plus the slug.
        view.url = f"{self.url_prefix}{facts.slug}/"
        view.plan_type, view.plan_type_label = facts.plan_type, self.type_labels.get(facts.plan_type, "")
        view.data_gb, view.is_unlimited_data = facts.data_gb, facts.is_unlimited_data
        view.data_label = self.unlimited if view.is_unlimited_data else f"{format(view.data_gb.normalize(), 'f')} GB"
        view.validity_days = facts.validity_days
        view.validity_label = self.validity_label(facts.validity_days)
        view.price, view.currency, view.price_usd = facts.price, facts.currency, facts.price_usd
        view.is_5g, view.purchase_url = facts.is_5g, facts.purchase_url
        view.page_cells, view.features, view.is_compared, view.compare_query = None, (), False, ""
        return view


def _name_columns():
    return [f"name_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]


def support_labels():
    """Support values to their labels in the active language (translated once per language)."""
    return dict(translated_choices("answers", Support.choices))


def bits_from(flags):
    """An int whose bit i is set where flags[i] is true."""
    return int("".join("1" if flag else "0" for flag in reversed(flags)) or "0", 2)


def _hundredths(value):
    return NO_VALUE if value is None else int(value * 100)


@functools.lru_cache(maxsize=4096)
def _decimal(hundredths):
    """The stored value back as the database's Decimal (two places); values repeat, so they are made once."""
    return None if hundredths == NO_VALUE else (Decimal(hundredths) / 100).quantize(CENT)


@functools.lru_cache(maxsize=4096)
def _day(ordinal):
    return date.fromordinal(ordinal) if ordinal else None


class BoundedCache:
    """Values that depend only on this catalogue revision, built on first use and dropped when their plan changes:
    rendered plan rows (key ends with the plan's pk) and every feature's cells of recently shown plans (key ends
    with the plan's position). Bounded, so a long-lived revision cannot grow without limit: at the limit it starts
    over, which costs a few renders and never a wrong answer."""

    def __init__(self, limit):
        self.limit, self.items = limit, {}

    def get(self, key):
        return self.items.get(key)

    def put(self, key, value):
        if len(self.items) >= self.limit:
            self.items.clear()
        self.items[key] = value
        return value

    def drop(self, last_parts):
        for key in [key for key in self.items if key[-1] in last_parts]:
            del self.items[key]

    def clear(self):
        self.items.clear()


class Columns:
    """Every plan's answer per feature, as columns indexed by plan position."""

    def __init__(self, feature_pks, size):
        self.index = {pk: i for i, pk in enumerate(feature_pks)}
        self.support = [bytearray(size) for _pk in feature_pks]
        self.value = [array("q", [NO_VALUE]) * size for _pk in feature_pks]
        self.checked = [array("i", [0]) * size for _pk in feature_pks]  # date.toordinal() (< 2**22), 0 for never

    def append(self):
        for support, value, checked in zip(self.support, self.value, self.checked, strict=True):
            support.append(0)
            value.append(NO_VALUE)
            checked.append(0)

    def write(self, position, rows):
        """Replace one plan's answers with ``rows``: (feature id, support, value, verified_on)."""
        for support, value, checked in zip(self.support, self.value, self.checked, strict=True):
            support[position], value[position], checked[position] = 0, NO_VALUE, 0
        for feature_id, support, value, verified in rows:
            self.set(position, feature_id, support, value, verified)

    def set(self, position, feature_id, support, value, verified):
        column = self.index.get(feature_id)
        if column is not None:
            self.support[column][position] = SUPPORT_CODE.get(support, 0)
            self.value[column][position] = _hundredths(value)
            self.checked[column][position] = verified.toordinal() if verified else 0

    def answer(self, column, position):
        """(support, value as Decimal or None), or None when the plan has no row for the feature."""
        code = self.support[column][position]
        if not code:
            return None
        hundredths = self.value[column][position]
        return CODE_SUPPORT[code], _decimal(hundredths)

    def latest_check(self, position):
        return max((checked[position] for checked in self.checked), default=0)


class PageCells:
    """The cells of the plans one page shows, their notes and sources from one query for all of them on first use.

    A page's plans (up to ``SHARED_LIMIT``) keep their cells in the model's cell cache for the next page that
    shows them; a bigger set (an export of thousands of plans) makes its cells as it goes and keeps none, so one
    export cannot fill the cache with cells that no page shows."""

    SHARED_LIMIT = 200

    def __init__(self, model, positions):
        self.model, self.positions, self.language = model, positions, get_language()
        self.labels, self.details, self.fetched = support_labels(), {}, set()
        self.shared = len(positions) <= self.SHARED_LIMIT

    def for_position(self, position, features):
        key = (self.language, position)
        cells = self.model.cell_cache.get(key) if self.shared else None
        if cells is None:
            if position not in self.fetched:
                # Once per page; again only if the bounded cache dropped cells of this page meanwhile.
                self._fetch_details()
            cells = self._all_cells(position, self.details)
            if self.shared:
                self.model.cell_cache.put(key, cells)
        index = self.model.columns.index
        return [cells[index[feature.pk]] if feature.pk in index else None for feature in features]

    def _fetch_details(self):
        """Notes in this language and sources of the page's plans whose cells are not cached, in one query."""
        cache, language = self.model.cell_cache, self.language
        missing = [
            p for p in self.positions if p not in self.fetched and (not self.shared or cache.get((language, p)) is None)
        ]
        self.fetched.update(missing)
        if not missing:
            return
        pks = [self.model.plan_pks[position] for position in missing]
        notes = [f"note_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]
        rows = PlanFeature.objects.filter(plan_id__in=pks).values("plan_id", "feature_id", "source_url", *notes)
        fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
        for row in rows:
            note = text_in(row.get, "note", language, fallbacks)[0] or ""
            self.details[row["plan_id"], row["feature_id"]] = (note, row["source_url"])

    def _all_cells(self, position, details):
        return tuple(self.model.cell(position, feature, details, self.labels) for feature in self.model.feature_refs)


class Catalogue:
    def __init__(self, token, change, built_on, features, size, plans):
        self.token, (self.change_id, self.nonce) = token, change
        self.bits_cache, self.orders = {}, {}
        self.sorts = {sort.value: sort for sort in attributes.sorts()}
        # Rendered plan rows and compare columns; cells of recently shown plans. At 25 features a row is about 4 kB
        # and a plan's cells about 6 kB, so full they hold about 8 and 6 MB (per process).
        self.fragments, self.cell_cache = BoundedCache(2000), BoundedCache(1000)
        self.roll_date(built_on)
        self._load_refs(features)
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
            self._write_plan(position, plan, ())

    @classmethod
    def load(cls, token, change_id, today):
        features = list(Feature.objects.all())
        plans = Plan.objects.filter(is_active=True).order_by("pk").values(*PLAN_FIELDS, *_name_columns())
        change = CatalogueChange.objects.filter(pk__lte=change_id).order_by("-pk").values_list("pk", "nonce").first()
        # Plans in chunks too: 20,000 rows of twenty fields at once were 40 MB that, freed between the long-lived
        # views made meanwhile, stayed in the process as fragmented heap.
        model = cls(token, change or (0, 0), today, features, plans.count(), plans.iterator(chunk_size=1000))
        # Straight into the columns, in chunks: half a million answers never exist as Python objects at once.
        rows = PlanFeature.objects.filter(plan__is_active=True).values_list(
            "plan_id", "feature_id", "support", "value", "verified_on"
        )
        position, write = model.position, model.columns.set
        for plan_id, *answer in rows.iterator(chunk_size=20000):
            write(position[plan_id], *answer)
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
        features = list(Feature.objects.all())
        if [feature.pk for feature in features] != list(self.columns.index):
            return False
        self._load_refs(features)
        carriers = self.carrier_refs[settings.LANGUAGE_CODE]
        for facts in self.facts:
            facts.carrier = carriers.get(facts.carrier_id, facts.carrier)
        self.cell_cache.clear()  # feature names and units may have changed
        # Only region and carrier bitsets test what changed here; answers and plan facts did not move.
        for key in [key for key in self.bits_cache if key[0] in ("region", "carrier")]:
            del self.bits_cache[key]
        self.orders.clear()
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
        changed = []
        for pk in pks:
            plan = plans.get(pk)
            position = self.position.get(pk)
            if plan is not None and plan["is_active"]:
                if position is None:
                    position = self._add_slot(pk)
                self._write_plan(position, plan, rows.get(pk, ()))
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
                order[:] = [position for position in order if position not in moved]
            for position in changed:
                bisect.insort(order, position, key=key)

    def _add_slot(self, pk):
        position = len(self.plan_pks)
        self.plan_pks.append(pk)
        self.columns.append()
        self.facts.append(None)
        return position

    def _write_plan(self, position, plan, rows):
        old = self.facts[position]
        if old is not None and self.by_slug.get(old.slug) == position:
            del self.by_slug[old.slug]
        self.columns.write(position, rows)
        carrier = self.carrier_refs[settings.LANGUAGE_CODE].get(plan["carrier_id"])
        self.facts[position] = PlanFacts(plan, carrier, self.languages, settings.MODELTRANSLATION_FALLBACK_LANGUAGES)
        self.position[plan["pk"]] = position
        self.by_slug[plan["slug"]] = position
        self.live |= 1 << position

    def _load_refs(self, features):
        """Names in every language (modeltranslation resolves them and their fallbacks here, once)."""
        regions = list(Region.objects.all())
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
                }
                self.factories[code] = _ViewFactory(self.carrier_refs[code], index)

    # Plans in the active language ------------------------------------------------------------------------------

    @property
    def plans(self):
        """Every plan's facts, by position: what filters and sort orders test (slugs and numbers only)."""
        return self.facts

    @property
    def all_bits(self):
        return self.live

    @property
    def feature_index(self):
        return self.columns.index

    @property
    def feature_refs(self):
        """Features in column order (a cell needs only the feature's pk)."""
        return self.refs[settings.LANGUAGE_CODE]["features"]

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
        checked = self.columns.checked[column][position]
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

                self.bits_cache[key] = (test, bits_from([test(i) for i in range(len(self.plan_pks))]))
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

    def scan(self, predicate):
        return bits_from([predicate(plan) for plan in self.plans])

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
            self.orders[sort] = sorted(range(len(self.plan_pks)), key=self._sort_key(sort))
        return self.orders[sort]

    def _sort_key(self, value):
        """The declared sort's key (carriers/attributes.py), then the slug; an unknown value sorts by price."""
        plans, latest = self.plans, self.columns.latest_check
        sort = self.sorts.get(value) or attributes.sorts()[0]
        key = sort.key
        if sort.needs_check:
            return lambda i: (*key(plans[i], latest(i)), plans[i].slug)
        return lambda i: (*key(plans[i], 0), plans[i].slug)

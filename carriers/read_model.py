"""An in-process read model of the active catalogue for the plan list, compare page and exports.

Why: the plan list filters on every feature, counts every facet option with "all other filters" applied and
sorts six ways. In SQL that is a dozen GROUP BY queries over the plan-feature join per page view; here it is a
few AND/popcount operations on Python integers used as bitsets over the active plans. Display values (names in
each language, labels, cells) are resolved once per build instead of through translated-field descriptors on
every access.

Consistency: database triggers (migration 0002) give ``CatalogueRevision.token`` a new random value on every
write to regions, carriers, features, plans or plan features. Each request reads the token (one query) and
rebuilds the model when it or the date (for "possibly out of date" marks) changed, so pages never show data
older than the last committed write. The token is read before the data, so a write that lands during a rebuild
is picked up by the next request.
"""

import copy
import gc
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .filters import SortChoices
from .models import MINIMUM_SUFFIX, Carrier, CatalogueRevision, Feature, Plan, PlanFeature, Region, Support

_lock = threading.Lock()
_current = None


def catalogue():
    """The read model for the current catalogue revision (rebuilt when the token or the date changed)."""
    global _current
    token, today = CatalogueRevision.current_token(), timezone.localdate()
    model = _current
    if model is None or token is None or (model.token, model.built_on) != (token, today):
        gc.unfreeze()
        model = Catalogue.load(token, today)
        with _lock:
            _current = model
        # Tens of thousands of long-lived objects would make every full garbage collection walk them all;
        # freezing moves them out of the collector's way until the next rebuild.
        gc.collect()
        gc.freeze()
    return model


@dataclass(frozen=True, slots=True)
class Cell:
    """One plan's answer for one feature, in one language, as the public pages show it."""

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
        "pk", "slug", "name", "url", "carrier", "plan_type", "plan_type_label", "data_gb", "is_unlimited_data",
        "data_label", "validity_days", "validity_label", "price", "currency", "price_usd", "is_5g", "purchase_url",
        "raw", "make_cell", "_all_cells", "cells", "is_compared", "compare_query",
    )  # fmt: skip

    @property
    def all_cells(self):
        """Display cells for every feature, built on first use (most plans are never on screen)."""
        if self._all_cells is None:
            self._all_cells = tuple(self.make_cell(row) for row in self.raw)
        return self._all_cells

    def get_absolute_url(self):
        return self.url

    def get_plan_type_display(self):
        return self.plan_type_label

    def with_cells(self, cells):
        view = copy.copy(self)
        view.cells = cells
        return view


class _ViewFactory:
    """Builds plan views in the active language; labels that depend only on the language are made once."""

    def __init__(self, carrier_refs):
        self.carrier_refs = carrier_refs
        self.language = get_language()
        self.columns = _language_columns("name")
        self.unlimited = _("Unlimited")
        self.type_labels = {value: str(label) for value, label in Plan._meta.get_field("plan_type").choices}
        self.url_prefix = reverse("carriers:plan_list")
        self._validity = {}

    def validity_label(self, days):
        if days not in self._validity:
            self._validity[days] = ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
        return self._validity[days]

    def __call__(self, row, raw, make_cell):
        view = PlanView()
        view.pk, view.slug, view.carrier = row["pk"], row["slug"], self.carrier_refs[row["carrier_id"]]
        view.name = next((row[c] for c in self.columns if row[c]), row["slug"])
        # Plan slugs are URL-safe, so the detail URL is the list URL plus the slug.
        view.url = f"{self.url_prefix}{row['slug']}/"
        view.plan_type, view.plan_type_label = row["plan_type"], self.type_labels.get(row["plan_type"], "")
        view.data_gb, view.is_unlimited_data = row["data_gb"], row["is_unlimited_data"]
        view.data_label = self.unlimited if view.is_unlimited_data else f"{format(view.data_gb.normalize(), 'f')} GB"
        view.validity_days = row["validity_days"]
        view.validity_label = self.validity_label(row["validity_days"])
        view.price, view.currency, view.price_usd = row["price"], row["currency"], row["price_usd"]
        view.is_5g, view.purchase_url = row["is_5g"], row["purchase_url"]
        view.raw, view.make_cell, view._all_cells = raw, make_cell, None
        view.cells, view.is_compared, view.compare_query = (), False, ""
        return view


def _language_columns(field):
    """Column names for ``field`` in modeltranslation's fallback order for the active language."""
    current = get_language() or settings.LANGUAGE_CODE
    order = [current, *[code for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES if code != current]]
    return [f"{field}_{code.replace('-', '_')}" for code in order]


def bits_from(flags):
    """An int whose bit i is set where flags[i] is true."""
    return int("".join("1" if flag else "0" for flag in reversed(flags)) or "0", 2)


class FragmentCache:
    """Rendered markup that depends only on this catalogue revision (plan rows): built on first use, dropped with
    the revision. Bounded, so a long-lived revision seen in many column sets cannot grow without limit."""

    def __init__(self, limit=20000):
        self.limit, self.items = limit, {}

    def get(self, key):
        return self.items.get(key)

    def put(self, key, value):
        if len(self.items) >= self.limit:
            self.items.clear()
        self.items[key] = value
        return value


class Catalogue:
    def __init__(self, token, built_on, refs, views):
        self.token, self.built_on = token, built_on
        self.refs = refs  # {language: {"regions": [Ref], "carriers": [Ref], "features": [FeatureRef]}}
        self.views = views  # {language: [PlanView, ...]}, same positions in every language
        features = refs[settings.LANGUAGE_CODE]["features"]
        self.feature_index = {f.pk: i for i, f in enumerate(features)}
        self.plans = views[settings.LANGUAGE_CODE]
        self.position = {plan.pk: i for i, plan in enumerate(self.plans)}
        self.by_slug = {plan.slug: i for i, plan in enumerate(self.plans)}
        self.all_bits = (1 << len(self.plans)) - 1
        self._bits, self._orders = {}, {}
        self.fragments = FragmentCache()

    @classmethod
    def load(cls, token, today):
        regions = list(Region.objects.all())
        carriers = list(Carrier.objects.select_related("region").order_by("region__display_order", "slug"))
        features = list(Feature.objects.all())
        # Plain querysets: modeltranslation's per-row handling is not needed for values and costs seconds here.
        names = [f"name_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]
        plan_fields = ["pk", "slug", "carrier_id", "plan_type", "data_gb", "is_unlimited_data", "validity_days",
                       "price", "currency", "price_usd", "is_5g", "purchase_url", *names]  # fmt: skip
        plans = list(QuerySet(model=Plan).filter(is_active=True).order_by("pk").values(*plan_fields))
        notes = [f"note_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]
        columns = ["plan_id", "feature_id", "support", "value", "source_url", "verified_on", *notes]
        stored = defaultdict(dict)
        for row in QuerySet(model=PlanFeature).filter(plan__is_active=True).order_by().values_list(*columns):
            stored[row[0]][row[1]] = row
        stale_before = today - timedelta(days=settings.STALE_AFTER_DAYS)
        views, refs = {}, {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                refs[code] = cls._refs(regions, carriers, features)
                views[code] = cls._views(plans, refs[code], features, stored, stale_before)
        return cls(token, today, refs, views)

    @staticmethod
    def _refs(regions, carriers, features):
        """Names in the active language (modeltranslation resolves them and their fallbacks here, once)."""
        region_refs = {r.pk: Ref(r.slug, r.name) for r in regions}
        return {
            "regions": list(region_refs.values()),
            "carriers": [Ref(c.slug, c.name, region_refs[c.region_id]) for c in carriers],
            "carrier_pks": [c.pk for c in carriers],
            "features": [FeatureRef(f.pk, f.slug, f.name, f.unit, f.is_filterable) for f in features],
        }

    @staticmethod
    def _views(plans, refs, features, stored, stale_before):
        """Plan views in the active language."""
        make_view = _ViewFactory(dict(zip(refs["carrier_pks"], refs["carriers"], strict=True)))
        labels = {choice.value: str(choice.label) for choice in Support}
        note_columns = [f"note_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]
        note_order = [6 + note_columns.index(column) for column in _language_columns("note")]
        feature_ids = [feature.pk for feature in features]

        def make_cell(row):
            if row is None:
                return None
            _plan, _feature, support, value, source, verified = row[:6]
            note = next((row[i] for i in note_order if row[i]), "")
            stale = verified is None or verified < stale_before
            title = f"{note} {verified.isoformat() if verified else ''}".strip()
            return Cell(support, value, note, source, verified, stale, labels[support], title)

        views = []
        for plan in plans:
            rows = stored.get(plan["pk"], {})
            views.append(make_view(plan, tuple(rows.get(fid) for fid in feature_ids), make_cell))
        return views

    # Plans in the active language ------------------------------------------------------------------------------

    def views_here(self):
        return self.views.get(get_language(), self.plans)

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
        """Identifies everything the filter form's fields depend on, so the form class can be reused."""
        return None if self.token is None else (self.token, self.built_on, get_language())

    def cells_aligned(self, view, features):
        return [view.all_cells[self.feature_index[f.pk]] if f.pk in self.feature_index else None for f in features]

    def with_cells(self, positions, features):
        """Per-request copies of the plans at ``positions`` with ``cells`` aligned with ``features``."""
        views = self.views_here()
        return [views[i].with_cells(self.cells_aligned(views[i], features)) for i in positions]

    # Bitsets ---------------------------------------------------------------------------------------------------

    def bits(self, key, predicate):
        """A cached bitset of the plans for which ``predicate(plan)`` holds (``plan`` in the default language)."""
        if key not in self._bits:
            self._bits[key] = bits_from([predicate(plan) for plan in self.plans])
        return self._bits[key]

    def answer(self, plan, feature):
        """(support, value) of the plan's row for ``feature``, or None."""
        index = self.feature_index.get(feature.pk)
        row = None if index is None else plan.raw[index]
        return None if row is None else (row[2], row[3])

    def support_bits(self, feature, supports):
        result = 0
        for support in supports:
            key = ("support", feature.pk, support)
            result |= self.bits(key, lambda p, s=support: (a := self.answer(p, feature)) is not None and a[0] == s)
        return result

    def minimum_bits(self, feature, minimum):
        def qualifies(plan):
            answer = self.answer(plan, feature)
            if answer is None:
                return False
            support, value = answer
            if support == Support.YES and value is None:
                return True
            return support in (Support.YES, Support.LIMITED) and value is not None and value >= minimum

        return self.scan(qualifies)

    def scan(self, predicate):
        return bits_from([predicate(plan) for plan in self.plans])

    # Ordering --------------------------------------------------------------------------------------------------

    def ordered_positions(self, bits, sort):
        flags = format(bits, f"0{len(self.plans)}b")[::-1] if self.plans else ""
        return [i for i in self.order(sort) if flags[i] == "1"]

    def order(self, sort):
        if sort not in self._orders:
            self._orders[sort] = sorted(range(len(self.plans)), key=self._sort_key(sort))
        return self._orders[sort]

    def _sort_key(self, sort):
        plans = self.plans
        if sort == SortChoices.PRICE_DESC:
            return lambda i: (-plans[i].price_usd, plans[i].slug)
        if sort == SortChoices.PRICE_PER_GB:
            return lambda i: (*_price_per_gb_key(plans[i]), plans[i].slug)
        if sort == SortChoices.DATA:
            return lambda i: (not plans[i].is_unlimited_data, plans[i].data_gb is None,
                              -(plans[i].data_gb or 0), plans[i].price_usd, plans[i].slug)  # fmt: skip
        if sort == SortChoices.VALIDITY:
            return lambda i: (-plans[i].validity_days, plans[i].price_usd, plans[i].slug)
        if sort == SortChoices.VERIFIED:
            return lambda i: (*_latest_check_key(plans[i]), plans[i].slug)
        return lambda i: (plans[i].price_usd, plans[i].slug)


def _price_per_gb_key(plan):
    if plan.is_unlimited_data or not plan.data_gb:
        return (True, 0)
    return (False, plan.price_usd / plan.data_gb)


def _latest_check_key(plan):
    checked = [row[5] for row in plan.raw if row is not None and row[5]]
    return (False, -max(checked).toordinal()) if checked else (True, 0)

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
import html
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
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
    title: str  # note and check date, HTML-escaped, for the plan table's tooltip

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
        "all_cells", "cells", "is_compared", "compare_query",
    )  # fmt: skip

    def get_absolute_url(self):
        return self.url

    def get_plan_type_display(self):
        return self.plan_type_label

    def with_cells(self, cells):
        view = copy.copy(self)
        view.cells = cells
        return view


def _view(plan, carrier, all_cells):
    view = PlanView()
    view.pk, view.slug, view.name, view.carrier = plan.pk, plan.slug, plan.name, carrier
    view.url = reverse("carriers:plan_detail", kwargs={"slug": plan.slug})
    view.plan_type, view.plan_type_label = plan.plan_type, str(plan.get_plan_type_display())
    view.data_gb, view.is_unlimited_data = plan.data_gb, plan.is_unlimited_data
    view.data_label = _("Unlimited") if plan.is_unlimited_data else f"{format(plan.data_gb.normalize(), 'f')} GB"
    view.validity_days = plan.validity_days
    days = plan.validity_days
    view.validity_label = ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
    view.price, view.currency, view.price_usd = plan.price, plan.currency, plan.price_usd
    view.is_5g, view.purchase_url = plan.is_5g, plan.purchase_url
    view.all_cells = all_cells
    view.cells, view.is_compared, view.compare_query = all_cells, False, ""
    return view


def bits_from(flags):
    """An int whose bit i is set where flags[i] is true."""
    return int("".join("1" if flag else "0" for flag in reversed(flags)) or "0", 2)


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

    @classmethod
    def load(cls, token, today):
        regions = list(Region.objects.all())
        carriers = list(Carrier.objects.select_related("region").order_by("region__display_order", "slug"))
        features = list(Feature.objects.all())
        plans = list(Plan.objects.active().order_by("pk"))
        columns = ["plan_id", "feature_id", "support", "value", "source_url", "verified_on"]
        notes = [f"note_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]
        rows = PlanFeature.objects.filter(plan__is_active=True).order_by().values_list(*columns, *notes)
        stored = {(row[0], row[1]): row for row in rows}
        stale_before = today - timedelta(days=settings.STALE_AFTER_DAYS)
        views, refs = {}, {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                refs[code] = cls._refs(regions, carriers, features)
                views[code] = cls._views(plans, refs[code], features, stored, notes, stale_before)
        return cls(token, today, refs, views)

    @staticmethod
    def _refs(regions, carriers, features):
        """Names in the active language (modeltranslation resolves them and their fallbacks here, once)."""
        region_refs = {r.pk: Ref(r.slug, r.name) for r in regions}
        return {
            "regions": list(region_refs.values()),
            "region_by_pk": region_refs,
            "carriers": [Ref(c.slug, c.name, region_refs[c.region_id]) for c in carriers],
            "carrier_pks": [c.pk for c in carriers],
            "features": [FeatureRef(f.pk, f.slug, f.name, f.unit, f.is_filterable) for f in features],
        }

    @staticmethod
    def _views(plans, refs, features, stored, notes, stale_before):
        """Plan views in the active language."""
        carrier_refs = dict(zip(refs["carrier_pks"], refs["carriers"], strict=True))
        labels = {choice.value: str(choice.label) for choice in Support}
        current = f"note_{get_language().replace('-', '_')}"
        note_order = [notes.index(current)] + [i for i, n in enumerate(notes) if n != current]
        views = []
        for plan in plans:
            cells = []
            for feature in features:
                row = stored.get((plan.pk, feature.pk))
                if row is None:
                    cells.append(None)
                    continue
                _plan, _feature, support, value, source, verified, *texts = row
                note = next((texts[i] for i in note_order if texts[i]), "")
                stale = verified is None or verified < stale_before
                title = html.escape(f"{note} {verified.isoformat() if verified else ''}".strip())
                cells.append(Cell(support, value, note, source, verified, stale, labels[support], title))
            views.append(_view(plan, carrier_refs[plan.carrier_id], tuple(cells)))
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

    def cell(self, plan, feature):
        index = self.feature_index.get(feature.pk)
        return None if index is None else plan.all_cells[index]

    def support_bits(self, feature, supports):
        result = 0
        for support in supports:
            key = ("support", feature.pk, support)
            result |= self.bits(key, lambda p, s=support: (c := self.cell(p, feature)) is not None and c.support == s)
        return result

    def minimum_bits(self, feature, minimum):
        def qualifies(plan):
            cell = self.cell(plan, feature)
            if cell is None:
                return False
            if cell.support == Support.YES and cell.value is None:
                return True
            return cell.support in (Support.YES, Support.LIMITED) and cell.value is not None and cell.value >= minimum

        return self.scan(qualifies)

    def scan(self, predicate):
        return bits_from([predicate(plan) for plan in self.plans])

    # Ordering --------------------------------------------------------------------------------------------------

    def ordered_positions(self, bits, sort):
        flags = bin(bits)[2:][::-1]
        return [i for i in self.order(sort) if i < len(flags) and flags[i] == "1"]

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
    checked = [cell.verified_on for cell in plan.all_cells if cell is not None and cell.verified_on]
    return (False, -max(checked).toordinal()) if checked else (True, 0)

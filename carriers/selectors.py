"""Multi-model reads behind the public plan pages. Each costs a fixed number of queries."""

import re
from dataclasses import dataclass, field

from django.db.models import Count

from .filters import FILTER_SUPPORT_CHOICES, PlanFilter
from .models import Carrier, Feature, Plan, PlanFeature, PlanType, Region

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")
COMPARE_MIN = 2
COMPARE_MAX = 4


def filterable_features():
    return list(Feature.objects.filterable())


def plan_filterset(*, data, features=None):
    features = filterable_features() if features is None else features
    queryset = Plan.objects.active().with_related().with_feature_rows()
    # Always bound (an empty QueryDict is fine) so cleaned_data exists for facets and exports.
    return PlanFilter(data, queryset=queryset, features=features)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    is_selected: bool


@dataclass
class FacetGroup:
    name: str
    label: str
    is_multiple: bool
    options: list = field(default_factory=list)
    minimum: dict | None = None

    @property
    def selected_any(self):
        return any(option.is_selected for option in self.options)


def _counts(queryset, key):
    return {row[key]: row["n"] for row in queryset.order_by().values(key).annotate(n=Count("pk"))}


def _group(name, label, is_multiple, choices, counts, selected):
    options = [
        FacetOption(str(value), str(text), counts.get(value, 0), str(value) in selected) for value, text in choices
    ]
    return FacetGroup(name=name, label=str(label), is_multiple=is_multiple, options=options)


def _selected(filterset, name):
    value = filterset.form.cleaned_data.get(name)
    if value in (None, ""):
        return set()
    return {str(v) for v in value} if isinstance(value, list) else {str(value)}


def plan_facets(*, filterset, regions, carriers):
    """Option counts per filter, each computed with every other filter applied (not its own)."""
    filterset.is_valid()
    base = Plan.objects.active()

    def without(*names):
        return filterset.filter_queryset_without(base, *names)

    region_counts = _counts(without("region"), "carrier__region__slug")
    carrier_counts = _counts(without("carrier"), "carrier__slug")
    type_counts = _counts(without("type"), "plan_type")
    network_counts = {("5g" if k else "4g"): v for k, v in _counts(without("network"), "is_5g").items()}
    groups = [
        _group(
            "region",
            filterset.filters["region"].label,
            False,
            [(r.slug, r.name) for r in regions],
            region_counts,
            _selected(filterset, "region"),
        ),
        _group(
            "carrier",
            filterset.filters["carrier"].label,
            True,
            [(c.slug, c.name) for c in carriers],
            carrier_counts,
            _selected(filterset, "carrier"),
        ),
        _group(
            "type", filterset.filters["type"].label, True, PlanType.choices, type_counts, _selected(filterset, "type")
        ),
        _group(
            "network",
            filterset.filters["network"].label,
            False,
            filterset.filters["network"].extra["choices"],
            network_counts,
            _selected(filterset, "network"),
        ),
    ]
    return groups + _feature_facets(filterset, without)


def _feature_facets(filterset, without):
    active = filterset.active_names()
    filtered = [f for f in filterset.features if f.slug in active]
    shared_rows = PlanFeature.objects.filter(plan__in=without())
    shared = {}
    for row in shared_rows.exclude(feature__in=filtered).values("feature_id", "support").annotate(n=Count("pk")):
        shared.setdefault(row["feature_id"], {})[row["support"]] = row["n"]
    groups = []
    for feature in filterset.features:
        if feature in filtered:
            rows = PlanFeature.objects.filter(feature=feature, plan__in=without(feature.slug))
            counts = _counts(rows, "support")
        else:
            counts = shared.get(feature.pk, {})
        group = _group(
            feature.slug, feature.name, True, FILTER_SUPPORT_CHOICES, counts, _selected(filterset, feature.slug)
        )
        if feature.is_numeric:
            name = feature.minimum_parameter
            group.minimum = {
                "name": name,
                "label": filterset.filters[name].label,
                "value": filterset.form.cleaned_data.get(name),
            }
        groups.append(group)
    return groups


def carriers_with_regions():
    return list(Carrier.objects.select_related("region").order_by("region__display_order", "slug"))


def regions():
    return list(Region.objects.all())


def parse_plan_slugs(raw):
    """Slugs from ``?plans=a,b,c`` (repeated parameters allowed), in order, without duplicates or junk."""
    slugs = []
    for value in raw:
        for slug in value.split(","):
            slug = slug.strip()
            if SLUG_RE.match(slug) and slug not in slugs:
                slugs.append(slug)
    return slugs


def plans_by_slugs(*, slugs):
    """Active plans for the compare page, in the order the reader chose them."""
    found = {p.slug: p for p in Plan.objects.active().with_related().with_feature_rows().filter(slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]


def plans_for_topics(*, regions, features):
    """The live table beside an article: active plans in its regions, with rows for its features."""
    plans = Plan.objects.active().with_related().with_feature_rows().filter(carrier__region__in=regions)
    return plans.order_by("carrier__slug", "price_usd", "slug")


def query_without(querydict, *names):
    """The query string minus ``names``, for pagination and sort links that keep the filters."""
    query = querydict.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@dataclass
class ComparisonRow:
    feature: Feature
    cells: list
    differs: bool


def comparison_rows(*, plans, features):
    """One row per feature across the compared plans; ``differs`` marks rows where the plans disagree."""
    rows = []
    for index, feature in enumerate(features):
        cells = [plan.cells[index] for plan in plans]
        answers = {(c.support, c.value) if c else None for c in cells}
        rows.append(ComparisonRow(feature=feature, cells=cells, differs=len(answers) > 1))
    return rows

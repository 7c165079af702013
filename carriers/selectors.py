"""Multi-model reads behind the public plan pages. Each costs a fixed number of queries."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from .attributes import MINIMUM_SUFFIX, FeatureAnswer, attributes_for
from .filters import PlanFilter, translated_choices
from .models import Feature, Plan
from .read_model import catalogue

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")
COMPARE_MIN = 2
COMPARE_MAX = 4


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

    def key(self):
        """Everything its markup shows, hashable: two groups with equal keys render the same fieldset (in one
        language), whatever the query that made them, so the markup is kept by this (``facet_fieldsets``)."""
        options = tuple((option.value, option.label, option.count, option.is_selected) for option in self.options)
        minimum = tuple(self.minimum.items()) if self.minimum else None
        return (self.name, self.label, self.is_multiple, options, minimum)


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


class PlanSearch:
    """The plan list's query: validated by the form the attributes declare, answered from the catalogue read model.

    Every parameter is answered by its attribute's predicate (carriers/attributes.py); facets and range fields come
    from the same declarations. The tests hold the answers to an independent SQL computation (tests/carriers/oracle.py).
    """

    def __init__(self, *, data):
        self.catalogue = catalogue()
        self.features = self.catalogue.filterable_features
        self.attributes = attributes_for(self.features, self.catalogue.filterable_rules)
        self.by_parameter = {parameter: a for a in self.attributes for parameter in a.parameters()}
        self.filterset = PlanFilter(
            data, catalogue=self.catalogue, attributes=self.attributes, form_key=self.catalogue.form_key()
        )
        self.filterset.is_valid()
        self.cleaned = {k: v for k, v in self.filterset.form.cleaned_data.items() if v not in (None, "", [], False)}
        self._parts = {name: self._bits_for(name, value) for name, value in self.cleaned.items() if name != "sort"}
        # Columns: the features filtered on first, so a phone's plan cards show them at the top.
        filtered = {name.removesuffix(MINIMUM_SUFFIX) for name in self.cleaned}
        self.columns = sorted(self.features, key=lambda feature: feature.slug not in filtered)

    def _bits_for(self, name, value):
        return self.by_parameter[name].bits(self.catalogue, name, value)

    def matching_bits(self, *, without=()):
        result = self.catalogue.all_bits
        for name, bits in self._parts.items():
            if name not in without:
                result &= bits
        return result

    def results(self, *, features=None):
        """The matching plans in the chosen order, as a sequence that builds plan views only for the slices read."""
        sort = self.filterset.current_sort()
        return PlanResults(self.catalogue, self.matching_bits(), sort, self.columns if features is None else features)

    def facets(self):
        """Option counts per attribute that has options, each with every other filter applied (not its own)."""
        return [self._facet(a) for a in self.attributes if a.facet_choices(self.catalogue) is not None]

    def _facet(self, attribute):
        name, catalogue = attribute.name, self.catalogue
        base = self.matching_bits(without={name})
        choices = attribute.facet_choices(catalogue)
        multiple = attribute.multiple
        counts = {
            value: (base & attribute.bits(catalogue, name, [value] if multiple else value)).bit_count()
            for value, _label in choices
        }
        label, selected = self.filterset.filters[name].label, _selected(self.filterset, name)
        group = _group(name, label, multiple, _labels(attribute, choices), counts, selected)
        minimum = name + MINIMUM_SUFFIX
        if isinstance(attribute, FeatureAnswer) and minimum in self.filterset.filters:
            group.minimum = {"name": minimum, "label": self.filterset.filters[minimum].label,
                             "value": self.filterset.form.cleaned_data.get(minimum)}  # fmt: skip
        return group


def _labels(attribute, choices):
    """Choices with their labels as text: fixed lists (plan types, network, answers) translated once per language,
    the catalogue's own (regions, carriers: already in the page's language) as they are."""
    if isinstance(attribute, FeatureAnswer):
        return translated_choices("support", choices)
    return choices if attribute.from_catalogue else translated_choices(attribute.name, choices)


class PlanResults(Sequence):
    """The matching plans in order: a paginator counts them (a popcount) and slices them, and only the slice read
    is ordered out of the model and made into plan views."""

    def __init__(self, catalogue_model, bits, sort, features):
        self.catalogue, self.bits, self.sort, self.features = catalogue_model, bits, sort, features
        self.count = bits.bit_count()

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.count)
            positions = self.catalogue.ordered_positions(self.bits, self.sort, stop)[start:stop:step]
            return self.catalogue.with_cells(positions, self.features)
        if index < 0:
            index += self.count
        if not 0 <= index < self.count:
            raise IndexError(index)
        return self.catalogue.with_cells(self.catalogue.ordered_positions(self.bits, self.sort, index + 1)[-1:],
                                         self.features)[0]  # fmt: skip


def parse_plan_slugs(raw, *, limit=COMPARE_MAX * 4):
    """Slugs from ``?plans=a,b,c`` (repeated parameters allowed), in order, without duplicates or junk: at most
    ``limit`` of them, found in one pass (a page needs a handful, however long the address)."""
    slugs = {}
    for value in raw:
        for slug in value.split(",", limit * 4):
            slug = slug.strip()
            if SLUG_RE.match(slug):
                slugs.setdefault(slug, None)
                if len(slugs) >= limit:
                    return list(slugs)
    return list(slugs)


def plans_for_comparison(*, slugs):
    """(plans, features): the chosen active plans in the reader's order, with cells for every feature."""
    model = catalogue()
    positions = [model.by_slug[slug] for slug in slugs if slug in model.by_slug]
    return model.with_cells(positions, model.features), model.features


def plans_for_topics(*, regions, features):
    """The live table beside an article: active plans in its regions, with cells for its features."""
    plans = Plan.objects.active().filter(carrier__region__in=regions).order_by("carrier__slug", "price_usd", "slug")
    return attach_feature_cells(plans.only("pk"), features)


def query_without(querydict, *names):
    """The query string minus ``names``, for pagination and sort links that keep the filters."""
    return urlencode([(key, value) for key, values in querydict.lists() if key not in names for value in values])


@dataclass
class ComparisonRow:
    feature: Feature
    cells: list
    differs: bool
    rules: list = field(default_factory=list)  # per plan, its rule sentences for this feature (rules.Clause)
    rules_differ: bool = False

    @property
    def has_rules(self):
        return any(self.rules)


def comparison_rows(*, plans, features):
    """One row per feature across the compared plans, followed by its rules as sentences where any plan states
    them; ``differs`` marks rows where the plans disagree. A feature that is not a column of the plan list (plan
    terms) shows only its rules."""
    model = catalogue()
    rows, columns = [], [plan.cells for plan in plans]  # ``cells`` is made on each access: once per plan here
    clauses = [model.rule_clauses(plan.position) for plan in plans]
    for index, feature in enumerate(features):
        cells = [column[index] for column in columns]
        answers = {(c.support, c.value) if c else None for c in cells}
        rules = [[clause for clause in plan_clauses if clause.feature_pk == feature.pk] for plan_clauses in clauses]
        row = ComparisonRow(feature=feature, cells=cells, differs=len(answers) > 1, rules=rules,
                            rules_differ=len({tuple(plan_rules) for plan_rules in rules}) > 1)  # fmt: skip
        if feature.is_filterable or any(cells) or row.has_rules:
            rows.append(row)
    return rows


def attach_feature_cells(plans, features):
    """Views of the active ``plans`` in the active language with ``cells`` aligned with ``features``."""
    model = catalogue()
    return model.with_cells([model.position[p.pk] for p in plans if p.pk in model.position], features)

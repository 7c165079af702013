"""Every filter of the plan list, declared once.

A declaration gives everything the catalogue needs of one filterable attribute:

- its query parameters, which no feature slug may take (``RESERVED_PARAMETERS``);
- the form fields that validate them, with the messages readers see (``filters``);
- the predicate the read model runs, as a bitset over the plans (``bits``);
- its facet: the options counted with every other filter applied (``facet_choices``), or its place among the range
  fields;
- its export column (``export``);
- the sort orders it gives, if any (``sorts``): each a key on a plan's facts, ties broken by slug.

``PLAN_ATTRIBUTES`` are the plan's own fields, in the order the page and the export show them. Features are
attributes too (``FeatureAnswer``): one for each filterable Feature row, made at run time, so a feature an editor
adds is a filter, a facet and export columns with no code change. Adding a filter on a plan field is one entry
below (README "Adding a filter"); the template needs a change only for new markup.

Predicates receive a plan's facts from the read model (``carriers.read_model.PlanFacts``: slugs and numbers in the
default language); ``catalogue`` is the read model itself, whose ``bits`` caches a predicate's answer and keeps it
exact as plans change.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import django_filters
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import rules
from .choices import AttributeKind, PlanType, Support

MINIMUM_SUFFIX = "_min"
MAXIMUM_SUFFIX = "_max"
MAX_NUMBER = 10**7
UNLIMITED = Decimal("Infinity")  # a value above every bound: an unlimited plan's, in range filters
CHOICE_ERROR = {"invalid_choice": _("Choose one of the listed options.")}
NUMBER_ERRORS = {
    "invalid": _("Enter a number."),
    "min_value": _("Enter a number that is not negative."),
    "max_value": _("Enter a smaller number."),
    "max_digits": _("Enter a smaller number."),
    "max_decimal_places": _("Enter a number with at most two decimals."),
    "max_whole_digits": _("Enter a smaller number."),
}
FILTER_SUPPORT_CHOICES = [(s.value, s.label) for s in (Support.YES, Support.LIMITED, Support.NO)]


def number_filter(label, **kwargs):
    return django_filters.NumberFilter(
        label=label,
        min_value=0,
        max_value=MAX_NUMBER,
        max_digits=12,
        decimal_places=2,
        error_messages=NUMBER_ERRORS,
        **kwargs,
    )


@dataclass(frozen=True)
class Sort:
    """One order of the list: ``?sort=<value>``. ``key(plan, checked)`` is compared, then the slug; ``checked`` is
    the plan's newest check (a day number, 0 for never) and is worked out only for a sort that asks for it."""

    value: str
    label: object
    key: Callable
    needs_check: bool = False


@dataclass(frozen=True)
class Choice:
    """One value of a fixed or catalogue-given list: ``?region=hong-kong``, or several with ``multiple``."""

    name: str
    label: object
    value_of: Callable  # plan facts -> the value the options are compared with
    choices: Callable  # catalogue -> [(value, label)] in the active language
    multiple: bool = False
    empty_label: object = None
    export: tuple | None = None  # (header, plan view -> cell)
    from_catalogue: bool = False  # choices are the catalogue's records (in the page's language), not fixed words
    sorts: tuple = ()
    range_field = False

    def parameters(self):
        return [self.name]

    def filters(self, catalogue):
        kind = django_filters.MultipleChoiceFilter if self.multiple else django_filters.ChoiceFilter
        options = {} if self.multiple else {"empty_label": self.empty_label}
        return {self.name: kind(choices=self.choices(catalogue), label=self.label, error_messages=CHOICE_ERROR,
                                **options)}  # fmt: skip

    def bits(self, catalogue, parameter, value):
        result = 0
        for option in value if self.multiple else [value]:
            result |= catalogue.choice_bits(self.name, self.value_of, option)
        return result

    def facet_choices(self, catalogue):
        return self.choices(catalogue)


@dataclass(frozen=True)
class Range:
    """A number with a lower bound (``?price_min=``) and, with ``maximum_label``, an upper one (``?price_max=``).
    ``unlimited_of`` marks plans that pass every lower bound (unlimited data)."""

    name: str
    value_of: Callable
    minimum_label: object
    maximum_label: object = None
    unlimited_of: Callable | None = None
    export: tuple | None = None
    sorts: tuple = ()
    range_field = True

    def parameters(self):
        return [self.name + MINIMUM_SUFFIX] + ([self.name + MAXIMUM_SUFFIX] if self.maximum_label else [])

    def filters(self, catalogue):
        labels = [self.minimum_label, self.maximum_label]
        return {parameter: number_filter(label) for parameter, label in zip(self.parameters(), labels, strict=False)}

    def bits(self, catalogue, parameter, value):
        # An unlimited plan is above every minimum and over every maximum.
        unlimited = self.unlimited_of or (lambda plan: False)

        def value_of(plan):
            return UNLIMITED if unlimited(plan) else self.value_of(plan)

        at_least = parameter.endswith(MINIMUM_SUFFIX)
        return catalogue.within(("range", self.name), value_of, value, at_least=at_least)

    def facet_choices(self, catalogue):
        return None


@dataclass(frozen=True)
class Flag:
    """A yes-only checkbox: ``?unlimited=on`` keeps the plans for which ``value_of`` holds."""

    name: str
    label: object
    value_of: Callable
    export: tuple | None = None
    sorts: tuple = ()
    range_field = True

    def parameters(self):
        return [self.name]

    def filters(self, catalogue):
        return {self.name: django_filters.BooleanFilter(label=self.label, widget=forms.CheckboxInput)}

    def bits(self, catalogue, parameter, value):
        return catalogue.bits((self.name,), self.value_of) if value else catalogue.all_bits

    def facet_choices(self, catalogue):
        return None


@dataclass(frozen=True)
class FeatureAnswer:
    """A feature's answer (``?hotspot=yes&hotspot=limited``) and, for a numeric feature, its minimum
    (``?hotspot_min=5``, in the feature's unit; "yes" without a cap counts as unlimited)."""

    feature: object  # a read-model feature: slug, name, unit, is_numeric, pk
    sorts = ()
    multiple = True
    range_field = False

    @property
    def name(self):
        return self.feature.slug

    @property
    def export(self):
        return None  # four columns per feature, from the page's cells (carriers/exports.py)

    def parameters(self):
        return [self.feature.slug] + ([self.feature.slug + MINIMUM_SUFFIX] if self.feature.is_numeric else [])

    def filters(self, catalogue):
        result = {
            self.feature.slug: django_filters.MultipleChoiceFilter(
                choices=FILTER_SUPPORT_CHOICES, label=self.feature.name, error_messages=CHOICE_ERROR
            )
        }
        if self.feature.is_numeric:
            label = gettext("At least (%(unit)s)") % {"unit": self.feature.unit}
            result[self.feature.slug + MINIMUM_SUFFIX] = number_filter(label)
        return result

    def bits(self, catalogue, parameter, value):
        if parameter == self.feature.slug:
            return catalogue.support_bits(self.feature, value)
        return catalogue.minimum_bits(self.feature, value)

    def facet_choices(self, catalogue):
        return FILTER_SUPPORT_CHOICES


# What a reader types in a rule's range filter, in the stored unit (carriers/rules.py): GB for data, kbps, hours.
READER_UNITS = {AttributeKind.DATA: ("GB", rules.MB_PER_GB), AttributeKind.SPEED: ("kbps", 1),
                AttributeKind.DURATION: (_("hours"), 1)}  # fmt: skip
YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


@dataclass(frozen=True)
class RuleFilter:
    """A feature rule an editor defined (``FeatureAttribute``), as a filter: a range for numbers, data, speeds and
    durations (``?hotspot.cap_min=5``, in GB, kbps or hours); a choice for choices, yes/no and time zones
    (``?hotspot.window=calendar-day``); regions for a list of regions (``?cross-border-data.destinations=macau``).
    A plan matches on any of its values for the rule, in any region it states one for. Made at run time, one per
    filterable rule, like ``FeatureAnswer``; the rule's key has a dot, which no feature slug can have."""

    rule: object  # a read-model RuleRef: pk, key, label, kind, unit, options
    sorts = ()
    export = None  # one column per rule, written from the plan's values (carriers/exports.py)
    from_catalogue = True  # labels come in the page's language already

    @property
    def name(self):
        return self.rule.key

    @property
    def numeric(self):
        return self.rule.kind in rules.NUMBER_KINDS

    @property
    def range_field(self):
        return self.numeric

    @property
    def multiple(self):
        return not self.numeric

    def parameters(self):
        if self.numeric:
            return [self.name + MINIMUM_SUFFIX, self.name + MAXIMUM_SUFFIX]
        return [self.name]

    def unit(self):
        unit, _factor = READER_UNITS.get(self.rule.kind, (self.rule.unit, 1))
        return str(unit)

    def filters(self, catalogue):
        if self.numeric:
            label = f"{self.rule.feature_name}: {self.rule.label}"
            unit = f" ({self.unit()})" if self.unit() else ""
            return {
                self.name + MINIMUM_SUFFIX: number_filter(gettext("%(rule)s, at least") % {"rule": label} + unit),
                self.name + MAXIMUM_SUFFIX: number_filter(gettext("%(rule)s, at most") % {"rule": label} + unit),
            }
        label = f"{self.rule.feature_name}: {self.rule.label}"
        choices = self.facet_choices(catalogue)
        return {self.name: django_filters.MultipleChoiceFilter(choices=choices, label=label,
                                                               error_messages=CHOICE_ERROR)}  # fmt: skip

    def values(self, plan):
        return (plan.rules or {}).get(self.rule.pk, {}).values()

    def _largest(self, plan):
        return max(self.values(plan), default=-UNLIMITED)

    def _smallest(self, plan):
        return min(self.values(plan), default=UNLIMITED)

    def bits(self, catalogue, parameter, value):
        if self.numeric:
            _unit, factor = READER_UNITS.get(self.rule.kind, ("", 1))
            bound = value * factor
            # Some region's value is at least the bound when the largest is (at most: the smallest); a plan that
            # states no value is never within.
            if parameter.endswith(MINIMUM_SUFFIX):
                return catalogue.within(("rule-max", self.rule.pk), self._largest, bound, at_least=True)
            return catalogue.within(("rule-min", self.rule.pk), self._smallest, bound, at_least=False)
        result = 0
        for option in value:
            result |= catalogue.bits(("rule", self.rule.pk, option), lambda plan, option=option: self.has(plan, option))
        return result

    def has(self, plan, option):
        kind = self.rule.kind
        for value in self.values(plan):
            if kind == AttributeKind.REGIONS and option in value:
                return True
            if kind == AttributeKind.YES_NO and value == (option == "yes"):
                return True
            if kind not in (AttributeKind.REGIONS, AttributeKind.YES_NO) and value == option:
                return True
        return False

    def facet_choices(self, catalogue):
        kind = self.rule.kind
        if self.numeric:
            return None
        if kind == AttributeKind.YES_NO:
            return [(value, str(label)) for value, label in YES_NO_CHOICES]
        if kind == AttributeKind.REGIONS:
            return [(region.slug, region.name) for region in catalogue.regions]
        if kind == AttributeKind.TIME_ZONE:
            return [(zone, str(name)) for zone, name in rules.ZONE_NAMES.items()]
        return list(self.rule.options)


def _yes_no(value):
    return gettext("Yes") if value else gettext("No")


def _price_per_gb(plan, checked):
    if plan.is_unlimited_data or not plan.data_gb:
        return (True, 0)
    return (False, plan.price_usd / plan.data_gb)


PLAN_ATTRIBUTES = [
    Choice(
        "region",
        _("Region"),
        value_of=lambda plan: plan.carrier.region.slug,
        choices=lambda catalogue: [(region.slug, region.name) for region in catalogue.regions],
        from_catalogue=True,
        empty_label=_("All regions"),
        export=(_("Region"), lambda plan: plan.carrier.region.name),
    ),
    Choice(
        "carrier",
        _("Carrier"),
        value_of=lambda plan: plan.carrier.slug,
        choices=lambda catalogue: [(carrier.slug, carrier.name) for carrier in catalogue.carriers],
        from_catalogue=True,
        multiple=True,
        export=(_("Carrier"), lambda plan: plan.carrier.name),
    ),
    Choice(
        "type",
        _("Plan type"),
        value_of=lambda plan: plan.plan_type,
        choices=lambda catalogue: PlanType.choices,
        multiple=True,
        export=(_("Plan type"), lambda plan: plan.get_plan_type_display()),
    ),
    Choice(
        "network",
        _("Network"),
        value_of=lambda plan: "5g" if plan.is_5g else "4g",
        choices=lambda catalogue: [("5g", _("5G")), ("4g", _("4G only"))],
        empty_label=_("Any network"),
        export=(_("5G"), lambda plan: _yes_no(plan.is_5g)),
    ),
    Range(
        "price",
        value_of=lambda plan: plan.price_usd,
        minimum_label=_("Minimum price (US$)"),
        maximum_label=_("Maximum price (US$)"),
        export=(_("Price (US$)"), lambda plan: plan.price_usd),
        sorts=(
            Sort("price", _("Price: low to high"), lambda plan, checked: (plan.price_usd,)),
            Sort("-price", _("Price: high to low"), lambda plan, checked: (-plan.price_usd,)),
            Sort("price_per_gb", _("Price per GB"), _price_per_gb),
        ),
    ),
    Range(
        "data",
        value_of=lambda plan: plan.data_gb,
        minimum_label=_("Minimum data (GB)"),
        unlimited_of=lambda plan: plan.is_unlimited_data,
        export=(_("Data (GB)"), lambda plan: gettext("Unlimited") if plan.is_unlimited_data else plan.data_gb),
        sorts=(
            Sort(
                "data",
                _("Most data"),
                lambda plan, checked: (
                    not plan.is_unlimited_data,
                    plan.data_gb is None,
                    -(plan.data_gb or 0),
                    plan.price_usd,
                ),
            ),  # fmt: skip
        ),
    ),
    Range(
        "validity",
        value_of=lambda plan: plan.validity_days,
        minimum_label=_("Minimum validity (days)"),
        export=(_("Validity (days)"), lambda plan: plan.validity_days),
        sorts=(Sort("validity", _("Longest validity"), lambda plan, checked: (-plan.validity_days, plan.price_usd)),),
    ),
    Flag("unlimited", _("Unlimited data only"), value_of=lambda plan: plan.is_unlimited_data),
]

# Orders that belong to no one attribute: the newest check of any of the plan's answers.
OTHER_SORTS = (
    Sort("verified", _("Most recently verified"), lambda plan, checked: (False, -checked) if checked else (True, 0),
         needs_check=True),
)  # fmt: skip


def sorts():
    """Every sort order, the first the default, as the sort menu lists them."""
    return [*(sort for attribute in PLAN_ATTRIBUTES for sort in attribute.sorts), *OTHER_SORTS]


# The list's other parameters, and those its scripts and the compare tray use.
OTHER_PARAMETERS = {"sort", "page", "plans", "q", "lang", "language", "format", "csrfmiddlewaretoken", "compare",
                    "partial"}  # fmt: skip


def reserved_parameters():
    """Query-string names the plan list uses itself; a feature slug may not take one of them."""
    return frozenset({parameter for attribute in PLAN_ATTRIBUTES for parameter in attribute.parameters()}) | (
        OTHER_PARAMETERS
    )


def attributes_for(features, feature_rules=()):
    """The plan list's attributes: the plan's own, then one per filterable feature (``features`` in page order),
    then one per filterable feature rule."""
    return [*PLAN_ATTRIBUTES, *(FeatureAnswer(feature) for feature in features),
            *(RuleFilter(rule) for rule in feature_rules)]  # fmt: skip

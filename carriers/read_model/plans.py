"""What the read model keeps of a plan (``PlanFacts``, every language) and the views pages show (``PlanView``, one
language), with the regions, carriers and features they refer to."""

from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from editorial.conversion import text_in

from .. import rules
from ..choices import AttributeKind
from ..filters import translated_choices
from ..models import (
    MINIMUM_SUFFIX,
    Plan,
    Support,
)


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


@dataclass(frozen=True, slots=True)
class RuleRef:
    """A feature's typed rule (``FeatureAttribute``) in one language: what its filter, sentence and column need."""

    pk: int
    feature_pk: int
    feature_slug: str
    feature_name: str
    slug: str
    label: str
    kind: str
    unit: str
    options: tuple
    phrase: str
    is_filterable: bool

    @property
    def key(self):
        return f"{self.feature_slug}.{self.slug}"


class PlanView:
    """A plan's display data in one language; mirrors the Plan attributes templates and exports use."""

    __slots__ = (
        "pk", "position", "slug", "name", "url", "carrier", "plan_type", "plan_type_label", "data_gb",
        "is_unlimited_data", "data_label", "validity_days", "validity_label", "price", "currency", "price_usd",
        "is_5g", "purchase_url", "page_cells", "features", "is_compared", "compare_query", "rules",
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
        "pk", "slug", "carrier_id", "carrier", "_names", "plan_type", "data_gb", "is_unlimited_data", "validity_days",
        "price", "currency", "price_usd", "is_5g", "purchase_url", "rules",
    )  # fmt: skip

    def __init__(self, row, carrier, languages, fallbacks, rules=None):
        self.pk, self.slug, self.carrier_id = row["pk"], row["slug"], row["carrier_id"]
        self.carrier = carrier  # in the default language: what filters test (slugs) and sorting needs
        self._names = _joined(text_in(row.get, "name", code, fallbacks)[0] or row["slug"] for code in languages)
        self.plan_type, self.data_gb, self.is_unlimited_data = (
            row["plan_type"],
            row["data_gb"],
            row["is_unlimited_data"],
        )
        self.validity_days, self.price, self.currency = row["validity_days"], row["price"], row["currency"]
        self.price_usd, self.is_5g, self.purchase_url = row["price_usd"], row["is_5g"], row["purchase_url"]
        # Values of the feature rules this plan states: {rule pk: {region slug or None (everywhere): value}}, the
        # value as ``rule_value`` makes it; None when it states none (most plans, so nothing is kept for them).
        self.rules = rules

    @property
    def names(self):
        """The plan's name in each language of ``LANGUAGES``."""
        names = self._names
        return names if isinstance(names, tuple) else tuple(names.split(NAME_SEPARATOR))


NAME_SEPARATOR = "\x1f"  # ASCII's unit separator: not in a name an editor types (else the names stay a tuple)


def _joined(names):
    """A plan's names as one string, which takes less than half the memory of a tuple of three (bench/README.md,
    100,000 plans). The names themselves come back through ``PlanFacts.names``."""
    names = tuple(names)
    return names if any(NAME_SEPARATOR in name for name in names) else NAME_SEPARATOR.join(names)


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
        view.rules = facts.rules or {}
        return view


def rule_value(kind, number, text, flag):
    """A stored rule value as filters, sentences and the trip checker compare it: a Decimal in the kind's unit
    (carriers/rules.py), a choice's or time zone's name, True/False, or a tuple of region slugs; None if empty."""
    if kind in rules.NUMBER_KINDS:
        return number
    if kind == AttributeKind.YES_NO:
        return flag
    if kind == AttributeKind.REGIONS:
        return tuple(text.split(",")) if text else None
    return text or None


def _name_columns():
    return [f"name_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]


def support_labels():
    """Support values to their labels in the active language (translated once per language)."""
    return dict(translated_choices("answers", Support.choices))

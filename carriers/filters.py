"""The plan list's filters. Every filterable Feature becomes a filter at run time, without a code change."""

import django_filters
from django import forms
from django.db.models import Case, ExpressionWrapper, F, FloatField, Max, Q, When
from django.db.models.functions import Cast
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Carrier, PlanType, Region, Support

MAX_NUMBER = 10**7
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

_translated = {}


def translated_choices(name, choices):
    """``choices`` (value, lazy label) with their labels translated: once per name and language, not on every
    request. Only for fixed pairs (the code's choices or a template's words, never the database's), which is what
    makes the name a sufficient key; each list has a name of its own."""
    key = (name, get_language())
    if key not in _translated:
        _translated[key] = [(value, str(label)) for value, label in choices]
    return _translated[key]


def region_choices():
    return [(region.slug, region.name) for region in Region.objects.all()]


def carrier_choices():
    return [(carrier.slug, carrier.name) for carrier in Carrier.objects.all()]


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


class SortChoices:
    PRICE = "price"
    PRICE_DESC = "-price"
    PRICE_PER_GB = "price_per_gb"
    DATA = "data"
    VALIDITY = "validity"
    VERIFIED = "verified"

    choices = [
        (PRICE, _("Price: low to high")),
        (PRICE_DESC, _("Price: high to low")),
        (PRICE_PER_GB, _("Price per GB")),
        (DATA, _("Most data")),
        (VALIDITY, _("Longest validity")),
        (VERIFIED, _("Most recently verified")),
    ]


def sort_plans(queryset, order):
    if order == SortChoices.PRICE_DESC:
        return queryset.order_by("-price_usd", "slug")
    if order == SortChoices.PRICE_PER_GB:
        per_gb = Case(
            When(
                is_unlimited_data=False,
                data_gb__gt=0,
                # As floating point: SQLite keeps whole-number decimals as integers and would divide them as such
                # (30 / 16 = 23 / 13 = 1). Division is correctly rounded, so equal ratios stay equal.
                then=ExpressionWrapper(
                    Cast("price_usd", FloatField()) / Cast("data_gb", FloatField()), output_field=FloatField()
                ),  # fmt: skip
            ),
            default=None,
        )
        return queryset.annotate(price_per_gb=per_gb).order_by(F("price_per_gb").asc(nulls_last=True), "slug")
    if order == SortChoices.DATA:
        return queryset.order_by("-is_unlimited_data", F("data_gb").desc(nulls_last=True), "price_usd", "slug")
    if order == SortChoices.VALIDITY:
        return queryset.order_by("-validity_days", "price_usd", "slug")
    if order == SortChoices.VERIFIED:
        return queryset.annotate(latest_check=Max("feature_rows__verified_on")).order_by(
            F("latest_check").desc(nulls_last=True), "slug"
        )
    return queryset.order_by("price_usd", "slug")


_form_classes = {}
_shared_filters = {}


class _SharedFields(dict):
    """Form fields shared by every form of a cached class instead of deep-copied per request.

    Safe here because the plan list only validates with these forms (it renders its own inputs), and
    validation does not change fields. Copying ~30 choice fields was a third of the list's render time.
    """

    def __deepcopy__(self, memo):
        return dict(self)


class PlanFilter(django_filters.FilterSet):
    """Filters for /plans/. Pass ``features`` (the filterable ones) to get one filter per feature."""

    region = django_filters.ChoiceFilter(
        field_name="carrier__region__slug",
        choices=region_choices,
        label=_("Region"),
        error_messages=CHOICE_ERROR,
        empty_label=_("All regions"),
    )
    carrier = django_filters.MultipleChoiceFilter(
        field_name="carrier__slug",
        choices=carrier_choices,
        label=_("Carrier"),
        error_messages=CHOICE_ERROR,
    )
    type = django_filters.MultipleChoiceFilter(
        field_name="plan_type",
        choices=PlanType.choices,
        label=_("Plan type"),
        error_messages=CHOICE_ERROR,
    )
    network = django_filters.ChoiceFilter(
        method="filter_network",
        choices=[("5g", _("5G")), ("4g", _("4G only"))],
        label=_("Network"),
        error_messages=CHOICE_ERROR,
        empty_label=_("Any network"),
    )
    price_min = number_filter(_("Minimum price (US$)"), field_name="price_usd", lookup_expr="gte")
    price_max = number_filter(_("Maximum price (US$)"), field_name="price_usd", lookup_expr="lte")
    data_min = number_filter(_("Minimum data (GB)"), method="filter_data_min")
    unlimited = django_filters.BooleanFilter(
        field_name="is_unlimited_data",
        label=_("Unlimited data only"),
        widget=forms.CheckboxInput,
        method="filter_unlimited",
    )
    validity_min = number_filter(_("Minimum validity (days)"), field_name="validity_days", lookup_expr="gte")
    sort = django_filters.ChoiceFilter(
        choices=SortChoices.choices,
        method="filter_sort",
        label=_("Sort by"),
        error_messages=CHOICE_ERROR,
        empty_label=None,
    )

    def __init__(self, *args, features=(), regions=None, carriers=None, form_key=None, **kwargs):
        shared = _shared_filters.get(form_key) if form_key is not None else None
        if shared is not None:
            # FilterSet deep-copies ``base_filters`` per instance; these, made for the same names and choices, are
            # shared like the form fields (``_SharedFields`` copies shallowly). They validate, they are not changed.
            self.base_filters = shared
        super().__init__(*args, **kwargs)
        self.form_key = form_key
        self.features = list(features)
        if shared is None:
            self._add_filters(features, regions, carriers)
            if form_key is not None:
                if len(_shared_filters) > 16:
                    _shared_filters.clear()
                _shared_filters[form_key] = _SharedFields(self.filters)

    def _add_filters(self, features, regions, carriers):
        # Choices from objects the caller already holds save two queries per request.
        if regions is not None:
            self.filters["region"].extra["choices"] = [(r.slug, r.name) for r in regions]
        if carriers is not None:
            self.filters["carrier"].extra["choices"] = [(c.slug, c.name) for c in carriers]
        for feature in self.features:
            self.filters[feature.slug] = django_filters.MultipleChoiceFilter(
                choices=FILTER_SUPPORT_CHOICES,
                label=feature.name,
                error_messages=CHOICE_ERROR,
                method=self.feature_support_method(feature),
            )
            if feature.is_numeric:
                self.filters[feature.minimum_parameter] = number_filter(
                    _("At least (%(unit)s)") % {"unit": feature.unit},
                    method=self.feature_minimum_method(feature),
                )

    @staticmethod
    def feature_support_method(feature):
        def filter_support(queryset, name, value):
            return queryset.supporting(feature, value) if value else queryset

        return filter_support

    @staticmethod
    def feature_minimum_method(feature):
        def filter_minimum(queryset, name, value):
            return queryset.supporting(feature, (), minimum=value) if value is not None else queryset

        return filter_minimum

    def filter_network(self, queryset, name, value):
        return queryset.filter(is_5g=(value == "5g")) if value else queryset

    def filter_data_min(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(is_unlimited_data=True) | Q(data_gb__gte=value))

    def filter_unlimited(self, queryset, name, value):
        return queryset.filter(is_unlimited_data=True) if value else queryset

    def filter_sort(self, queryset, name, value):
        return sort_plans(queryset, value)

    def get_form_class(self):
        # Building the form class for ~30 fields costs milliseconds; reuse it while its inputs are unchanged.
        if self.form_key is None:
            return super().get_form_class()
        if self.form_key not in _form_classes:
            if len(_form_classes) > 16:
                _form_classes.clear()
            form_class = super().get_form_class()
            form_class.base_fields = _SharedFields(form_class.base_fields)
            _form_classes[self.form_key] = form_class
        return _form_classes[self.form_key]

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            queryset = super().qs
            if not self.form.cleaned_data.get("sort"):
                queryset = sort_plans(queryset, SortChoices.PRICE)
            self._qs = queryset
        return self._qs

    range_parameters = ("price_min", "price_max", "data_min", "validity_min", "unlimited")

    def range_fields(self):
        labels = translated_choices("range", [(name, self.filters[name].label) for name in self.range_parameters])
        return [{"name": name, "label": label, "value": self.form.cleaned_data.get(name)} for name, label in labels]

    def current_sort(self):
        return self.form.cleaned_data.get("sort") or SortChoices.PRICE

    def error_list(self):
        """(label, message) pairs for the parameters that were not understood."""
        return [
            (self.filters[name].label if name in self.filters else name, " ".join(messages))
            for name, messages in self.form.errors.items()
        ]

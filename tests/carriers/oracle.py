"""The plan list answered in SQL, independently of the read model: what the engine's answers are held to.

It reads the same validated parameters (the form is not what is being tested) and answers each with the ORM,
written out here filter by filter, so a predicate declared wrongly in carriers/attributes.py shows as a
difference.
"""

from django.db.models import Case, ExpressionWrapper, F, FloatField, Max, Q, When
from django.db.models.functions import Cast

from carriers.models import MINIMUM_SUFFIX, Feature, Plan
from carriers.selectors import PlanSearch


def sort_plans(queryset, order):
    if order == "-price":
        return queryset.order_by("-price_usd", "slug")
    if order == "price_per_gb":
        per_gb = Case(
            When(
                is_unlimited_data=False,
                data_gb__gt=0,
                # As floating point: SQLite keeps whole-number decimals as integers and would divide them as such.
                then=ExpressionWrapper(
                    Cast("price_usd", FloatField()) / Cast("data_gb", FloatField()), output_field=FloatField()
                ),  # fmt: skip
            ),
            default=None,
        )
        return queryset.annotate(price_per_gb=per_gb).order_by(F("price_per_gb").asc(nulls_last=True), "slug")
    if order == "data":
        return queryset.order_by("-is_unlimited_data", F("data_gb").desc(nulls_last=True), "price_usd", "slug")
    if order == "validity":
        return queryset.order_by("-validity_days", "price_usd", "slug")
    if order == "verified":
        return queryset.annotate(latest_check=Max("feature_rows__verified_on")).order_by(
            F("latest_check").desc(nulls_last=True), "slug"
        )
    return queryset.order_by("price_usd", "slug")


PLAN_FIELD_FILTERS = {
    "region": lambda value: Q(carrier__region__slug=value),
    "carrier": lambda values: Q(carrier__slug__in=values),
    "type": lambda values: Q(plan_type__in=values),
    "network": lambda value: Q(is_5g=(value == "5g")),
    "price_min": lambda value: Q(price_usd__gte=value),
    "price_max": lambda value: Q(price_usd__lte=value),
    "data_min": lambda value: Q(is_unlimited_data=True) | Q(data_gb__gte=value),
    "validity_min": lambda value: Q(validity_days__gte=value),
    "unlimited": lambda value: Q(is_unlimited_data=True) if value else Q(),
}


def plans_in_sql(data):
    """The active plans ``data`` (a query string's QueryDict) asks for, in its order, as a queryset."""
    cleaned = PlanSearch(data=data).cleaned
    features = {feature.slug: feature for feature in Feature.objects.filterable()}
    queryset = Plan.objects.active()
    for name, value in cleaned.items():
        if name == "sort":
            continue
        if name in PLAN_FIELD_FILTERS:
            queryset = queryset.filter(PLAN_FIELD_FILTERS[name](value))
        elif name in features:
            queryset = queryset.supporting(features[name], value)
        else:
            queryset = queryset.supporting(features[name.removesuffix(MINIMUM_SUFFIX)], (), minimum=value)
    return sort_plans(queryset, cleaned.get("sort") or "price")

"""A filter declared in one place (carriers/attributes.py) is on the form, in the facets, in the engine's answers
and in the export, with nothing else changed: the README's "Adding a filter" declaration, applied here."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carriers import attributes, filters
from carriers.currency import Currency
from carriers.models import Plan, validate_feature_slug
from carriers.selectors import PlanSearch
from tests.factories import CarrierFactory, PlanFactory, RegionFactory

pytestmark = pytest.mark.django_db

# The README's example, word for word: pay in a currency you hold.
CURRENCY = attributes.Choice(
    "currency",
    _("Currency"),
    value_of=lambda plan: plan.currency,
    choices=lambda catalogue: Currency.choices,
    multiple=True,
    export=(_("Currency paid"), lambda plan: plan.currency),
)
CURRENCIES = ["HKD", "USD", "JPY"]


@pytest.fixture
def declared(monkeypatch):
    """The attribute added to the declarations, as the README's diff adds it; the form caches start empty."""
    monkeypatch.setattr(attributes, "PLAN_ATTRIBUTES", [*attributes.PLAN_ATTRIBUTES, CURRENCY])
    monkeypatch.setattr(filters, "_shared_filters", {})
    monkeypatch.setattr(filters, "_form_classes", {})


def catalogue_of(currencies):
    region = RegionFactory(slug="r0")
    carrier = CarrierFactory(region=region, slug="c0")
    for index, (currency, price) in enumerate(currencies):
        PlanFactory(carrier=carrier, slug=f"p{index}", currency=currency, price=price)


def search(query):
    return PlanSearch(data=QueryDict(query))


def test_the_declared_filter_is_on_the_form_in_the_facets_and_in_the_export(declared, client):
    catalogue_of([("HKD", 50), ("HKD", 80), ("JPY", 900), ("USD", 12)])

    result = search("currency=HKD&currency=JPY")
    facet = next(group for group in result.facets() if group.name == "currency")
    counts = {option.value: option.count for option in facet.options}
    bad = search("currency=XXX")
    export = client.get("/en/plans/export.csv?currency=JPY").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export)))
    page = client.get("/en/plans/?currency=JPY")

    assert "currency" in result.filterset.form.fields
    assert page.status_code == 200 and 'name="currency" value="JPY"' in page.content.decode()  # its facet, ticked
    assert sorted(plan.slug for plan in result.results()) == ["p0", "p1", "p2"]
    assert (counts["HKD"], counts["JPY"], counts["USD"], counts["EUR"]) == (2, 1, 1, 0)  # its own filter left out
    assert bad.filterset.error_list() == [("Currency", "Choose one of the listed options.")]
    with pytest.raises(ValidationError, match="used by the plan list"):
        validate_feature_slug("currency")  # no feature may now take the parameter
    column = rows[0].index("Currency paid")
    assert [row[1] for row in rows[1:]] == ["p2"] and rows[1][column] == "JPY"


def test_without_the_declaration_the_parameter_is_unknown(client):
    catalogue_of([("HKD", 50), ("JPY", 900)])

    result = search("currency=JPY")

    assert "currency" not in result.filterset.form.fields
    assert len(result.results()) == 2  # not a filter: every plan
    assert "Currency paid" not in client.get("/en/plans/export.csv").content.decode("utf-8-sig")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plans=st.lists(st.tuples(st.sampled_from(CURRENCIES), st.integers(1, 999)), min_size=1, max_size=10),
    chosen=st.lists(st.sampled_from(CURRENCIES), max_size=3, unique=True),
    price_max=st.one_of(st.none(), st.integers(1, 150)),
)
def test_the_engine_answers_the_declared_filter_like_an_independent_computation(declared, plans, chosen, price_max):
    query = QueryDict(mutable=True)
    query.setlist("currency", chosen)
    if price_max is not None:
        query["price_max"] = str(price_max)
    with transaction.atomic():
        catalogue_of(plans)

        found = [plan.slug for plan in PlanSearch(data=query).results()]
        expected = [
            plan.slug
            for plan in sorted(Plan.objects.active(), key=lambda plan: (plan.price_usd, plan.slug))
            if (not chosen or plan.currency in chosen) and (price_max is None or plan.price_usd <= price_max)
        ]
        transaction.set_rollback(True)

    assert found == expected

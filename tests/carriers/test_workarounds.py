"""The upstream behaviour the catalogue's work-around exists for (carriers/shared_fields.py)."""

import copy

import django_filters
import pytest
from django import forms

from carriers.models import Plan
from carriers.shared_fields import SharedFields

pytestmark = pytest.mark.django_db


class OneField(forms.Form):
    region = forms.ChoiceField(choices=[("hk", "Hong Kong")])


def test_django_forms_and_django_filter_deep_copy_their_fields_for_every_instance():
    assert OneField().fields["region"] is not OneField.base_fields["region"]

    class Filters(django_filters.FilterSet):
        region = django_filters.ChoiceFilter(choices=[("hk", "Hong Kong")])

    assert Filters(queryset=Plan.objects.none()).filters["region"] is not Filters.base_filters["region"]


def test_shared_fields_hand_out_the_same_field_objects():
    fields = SharedFields(OneField.base_fields)
    assert copy.deepcopy(fields)["region"] is fields["region"]

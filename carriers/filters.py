"""The plan list's form: its filters come from carriers/attributes.py, one declaration each; its sort orders."""

import django_filters
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import attributes
from .attributes import CHOICE_ERROR
from .models import Plan
from .shared_fields import SharedFields

_translated = {}


def translated_choices(name, choices):
    """``choices`` (value, lazy label) with their labels translated: once per name and language, not on every
    request. Only for fixed pairs (the code's choices or a template's words, never the database's), which is what
    makes the name a sufficient key; each list has a name of its own."""
    key = (name, get_language())
    if key not in _translated:
        _translated[key] = [(value, str(label)) for value, label in choices]
    return _translated[key]


class SortChoices:
    """The sort menu, from the declarations (carriers/attributes.py ``sorts``); the first is the default."""

    PRICE = attributes.sorts()[0].value
    choices = [(sort.value, sort.label) for sort in attributes.sorts()]


_form_classes = {}
_shared_filters = {}


class PlanFilter(django_filters.FilterSet):
    """Validates /plans/'s query string: one form field per parameter of each attribute (carriers/attributes.py),
    plus the sort. It only validates; the read model answers (``selectors.PlanSearch``)."""

    sort = django_filters.ChoiceFilter(
        choices=SortChoices.choices, label=_("Sort by"), error_messages=CHOICE_ERROR, empty_label=None
    )

    def __init__(self, data, *, catalogue, attributes, form_key=None):
        shared = _shared_filters.get(form_key) if form_key is not None else None
        if shared is not None:
            # FilterSet deep-copies ``base_filters`` per instance; these, made for the same names and choices, are
            # shared like the form fields (carriers/shared_fields.py). They validate, they are not changed.
            self.base_filters = shared
        super().__init__(data, queryset=Plan.objects.none())
        self.form_key = form_key
        if shared is None:
            for attribute in attributes:
                self.filters.update(attribute.filters(catalogue))
            if form_key is not None:
                if len(_shared_filters) > 16:
                    _shared_filters.clear()
                _shared_filters[form_key] = SharedFields(self.filters)
        self.range_parameters = [p for a in attributes if a.range_field for p in a.parameters()]

    def get_form_class(self):
        # Building the form class for ~30 fields costs milliseconds; reuse it while its inputs are unchanged.
        if self.form_key is None:
            return super().get_form_class()
        if self.form_key not in _form_classes:
            if len(_form_classes) > 16:
                _form_classes.clear()
            form_class = super().get_form_class()
            form_class.base_fields = SharedFields(form_class.base_fields)
            _form_classes[self.form_key] = form_class
        return _form_classes[self.form_key]

    def range_fields(self):
        # Keyed by the form's key too: rules' labels come from the catalogue, which the key follows.
        labels = translated_choices(("range", self.form_key), [(name, self.filters[name].label)
                                                               for name in self.range_parameters])  # fmt: skip
        return [{"name": name, "label": label, "value": self.form.cleaned_data.get(name)} for name, label in labels]

    def current_sort(self):
        return self.form.cleaned_data.get("sort") or SortChoices.PRICE

    def error_list(self):
        """(label, message) pairs for the parameters that were not understood."""
        return [
            (self.filters[name].label if name in self.filters else name, " ".join(dict.fromkeys(messages)))
            for name, messages in self.form.errors.items()
        ]

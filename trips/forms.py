"""The trip checker's GET form: every field bounded, every error in the reader's language, naming the field."""

from django import forms
from django.forms.renderers import Jinja2
from django.utils.translation import gettext_lazy as _

from devices.models import SalesRegion

MAX_REGIONS = 12
NUMBER_ERRORS = {
    "invalid": _("Enter a number."),
    "min_value": _("Enter a number of at least %(limit_value)s."),
    "max_value": _("Enter a number of at most %(limit_value)s."),
    "max_digits": _("Enter a smaller number."),
    "max_decimal_places": _("Enter a number with at most two decimals."),
    "max_whole_digits": _("Enter a smaller number."),
}


class TripForm(forms.Form):
    # Django's own widget and label templates in their Jinja2 version (django/forms/jinja2/): the same markup, with
    # fewer calls per widget than through Django's template engine (bench/README.md, trip checker).
    default_renderer = Jinja2()

    region = forms.MultipleChoiceField(
        label=_("Places you will visit"),
        error_messages={
            "required": _("Choose at least one place."),
            "invalid_choice": _("“%(value)s” is not a place we cover; choose from the list."),
        },
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365, initial=7, error_messages=NUMBER_ERRORS)
    daily_gb = forms.DecimalField(
        label=_("Data a day (GB)"), min_value=0, max_value=100, max_digits=5, decimal_places=2, required=False,
        error_messages=NUMBER_ERRORS,
    )  # fmt: skip
    hotspot_gb = forms.DecimalField(
        label=_("Hotspot data over the whole trip (GB)"), min_value=0, max_value=1000, max_digits=6,
        decimal_places=2, required=False, error_messages=NUMBER_ERRORS,
    )  # fmt: skip
    members = forms.IntegerField(
        label=_("Devices that must share the data"), min_value=1, max_value=20, required=False,
        error_messages=NUMBER_ERRORS,
    )  # fmt: skip
    device = forms.ChoiceField(label=_("Your phone (optional)"), required=False,
                               error_messages={"invalid_choice": _("Choose a phone from the list.")})  # fmt: skip
    bought = forms.ChoiceField(
        label=_("Where the phone was bought"),
        required=False,
        choices=[("", _("Not sure")), *SalesRegion.choices],
        error_messages={"invalid_choice": _("Choose a place from the list.")},
    )

    def __init__(self, data, *, regions, devices):
        super().__init__(data)
        self.fields["region"].choices = regions
        self.fields["device"].choices = [("", _("Any phone")), *devices]

    def clean_region(self):
        # MultipleChoiceField has already checked each value; keep the reader's order, once each.
        return list(dict.fromkeys(self.cleaned_data["region"]))

    def full_clean(self):
        # Bounded before any choice is checked: a thousand repeated places are one error, not a thousand.
        if self.is_bound and len(self.data.getlist("region")) > MAX_REGIONS:
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {}
            self.add_error("region", _("Choose at most %(limit)s places.") % {"limit": MAX_REGIONS})
            return
        super().full_clean()

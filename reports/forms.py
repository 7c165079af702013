from django import forms
from django.core.validators import MinLengthValidator
from django.utils.translation import gettext_lazy as _

from .models import Report


class ReportForm(forms.ModelForm):
    # A honeypot: hidden from people (CSS and aria-hidden), filled in by bots that fill in everything.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    source_url = forms.URLField(
        required=False, max_length=500, assume_scheme="https", label=_("Link to a source (optional)")
    )

    class Meta:
        model = Report
        fields = ["message", "source_url", "email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        labels = {
            "message": _("What is wrong or out of date?"),
            "email": _("Your email, if we may ask you about it (optional)"),
        }
        help_texts = {"email": _("Used only to ask about this report; never shown or shared.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # the labels are questions; "？：" reads badly
        super().__init__(*args, **kwargs)
        message = self.fields["message"]
        message.min_length = 5
        message.validators.append(MinLengthValidator(5))
        message.widget.attrs["minlength"] = 5
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))

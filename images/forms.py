from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Image
from .uploads import clean_upload


class ImageForm(forms.ModelForm):
    """An upload is checked and re-encoded (images/uploads.py) before the model sees it: what is stored is the
    cleaned file, never the upload. A plain file field, not Django's ImageField, so the checks (and their
    messages: too many pixels, wrong name, not an image) are ours alone."""

    file = forms.FileField(
        label=_("image"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP. Location and camera details are removed when it is stored."),
    )

    class Meta:
        model = Image
        fields = ["file", *(f"alt_{code}" for code in ("zh_hans", "zh_hant", "en")), "credit"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or upload is False or upload == self.initial.get("file"):
            return upload
        cleaned, _width, _height = clean_upload(upload)  # a ValidationError names what is wrong with the file
        return cleaned

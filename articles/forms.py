from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from editorial.forms import LockedModelForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".md,.markdown,.txt"}))
        kwargs.setdefault("allow_empty_file", True)  # the importer names an empty file beside the others' results
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ArticleImportForm(forms.Form):
    files = MultipleFileField(label=_("Markdown files"), help_text=_(".md, .markdown or .txt, UTF-8."))
    language = forms.ChoiceField(label=_("Language of the files"), choices=settings.LANGUAGES)
    publish = forms.BooleanField(label=_("Publish now (otherwise drafts)"), required=False)
    skip_invalid = forms.BooleanField(
        label=_("Import the usable files even if some cannot be used"),
        required=False,
    )
    dry_run = forms.BooleanField(label=_("Dry run: show the report, write nothing"), required=False)

    def __init__(self, *args, may_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:  # an Editor's imports are drafts (or drafts of changes) for a Chief editor to publish
            del self.fields["publish"]


class ArticleAdminForm(LockedModelForm):
    """The article form opens on the draft of changes when there is one: editors carry on where they left off,
    and the live version stays what readers see (articles/publishing.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        draft = self.instance.draft if self.instance.pk else None
        if draft:
            self.initial.update({name: value for name, value in draft.items() if name in self.fields})

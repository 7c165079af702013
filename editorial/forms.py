"""Admin form pieces: the version an editor loaded travels with the form, so a stale save is refused."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from . import history
from .conversion import convert
from .roles import editable_fields

SEEN_VERSION = "seen_version"


def conflict_error(instance, seen):
    """A ValidationError that says who changed the record since version ``seen``, and what they changed."""
    current = type(instance)._base_manager.get(pk=instance.pk)
    loaded = history.version_at(current, seen)
    latest = history.versions_for(current).first()
    who = latest.revision.user if latest and latest.revision.user else None
    when = localize(template_localtime(latest.revision.date_created)) if latest else ""
    if latest is not None:
        message = _(
            "Someone else saved “%(record)s” while you were editing it (%(who)s, %(when)s). Your changes were not "
            "saved. Reload the page to see the current version, then make your changes again."
        ) % {"record": current, "who": who or _("another editor"), "when": when}
    else:
        message = _(
            "Someone else saved “%(record)s” while you were editing it. Your changes were not saved. Reload the "
            "page to see the current version, then make your changes again."
        ) % {"record": current}
    messages = [message]
    if loaded is not None:
        shown = set(editable_fields(type(current)))  # bookkeeping such as "previous support" is not the editor's
        changes = history.diff(type(current), loaded.field_dict, history.current_data(current))
        for change in (change for change in changes if change.field in shown):
            language = f" ({change.language})" if change.language else ""
            messages.append(
                _("They changed %(field)s%(language)s: %(old)s → %(new)s")
                % {"field": change.label, "language": language, "old": change.old, "new": change.new}
            )
    return ValidationError(messages, code="stale")


class LockedModelForm(forms.ModelForm):
    """Carries the record's lock version; ``clean()`` refuses a save based on an older one."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # The main form is saved even when unchanged (with every value it was loaded with), so it is always checked.
    check_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[SEEN_VERSION].initial = self.instance.lock_version
        self._show_conversions()

    def _show_conversions(self):
        """A converted language's field (Traditional) shows the automatic text as its placeholder: left empty,
        readers get that; typed in, the editor's text wins."""
        for language, (source, _config) in settings.CONVERTED_LANGUAGES.items():
            suffix = build_localized_fieldname("", language)  # "_zh_hant"
            for name, field in self.fields.items():
                if not name.endswith(suffix) or not isinstance(field, forms.CharField):
                    continue
                base = name[: -len(suffix)]
                text = getattr(self.instance, build_localized_fieldname(base, source), None)
                if text and isinstance(text, str):
                    field.widget.attrs["placeholder"] = convert(text, language)
                field.help_text = _("Leave empty to show the automatic conversion from %(source)s.") % {
                    "source": dict(settings.LANGUAGES).get(source, source)
                }

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get(SEEN_VERSION)
        instance = self.instance
        if instance.pk is None or instance._state.adding:
            return cleaned
        if not self.check_unchanged and not self.has_changed():
            return cleaned
        if seen is None:
            # A form that does not say which version it was opened at (an old page, a hand-made post) could
            # overwrite anything saved since: refused like a stale one.
            raise ValidationError(
                _(
                    "This form does not say which version of “%(record)s” you opened, so it cannot tell whether "
                    "someone else saved it since. Your changes were not saved. Reload the page and make them again."
                ),
                code="stale",
                params={"record": instance},
            )
        current = type(instance)._base_manager.filter(pk=instance.pk).values_list("lock_version", flat=True).first()
        if current is not None and current != seen:
            raise conflict_error(instance, seen)
        instance.expected_lock_version = seen
        return cleaned


class LockedInlineForm(LockedModelForm):
    """An inline row: Django saves only changed rows, so an untouched row cannot overwrite anything."""

    check_unchanged = False

"""Names and comparisons for translated text fields, shared by the models, the conversion and the status."""

import functools

from django.conf import settings
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

TRACKING_FIELDS = ("text_changed_at", "text_checked_at")


@functools.cache
def text_fields(model):
    """The model's translated text fields (without the tracking timestamps); proxies use their concrete model's."""
    options = translator.get_options_for_model(model._meta.concrete_model)
    return tuple(name for name in options.get_field_names() if name not in TRACKING_FIELDS)


def localized(name, language):
    return build_localized_fieldname(name, language)


def localized_fields(*names):
    """Every language's column of each translated field: ``name_zh_hans``, ``name_en``, …"""
    return [localized(name, language) for name in names for language in AVAILABLE_LANGUAGES]


def language_name(code):
    """A language's name as LANGUAGES gives it (简体中文, English)."""
    return str(dict(settings.LANGUAGES).get(code, code))


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def same_text(old, new):
    """Equal for an editor: browsers send textareas with CRLF line ends, and NULL and "" are both empty."""
    if isinstance(old, str) and isinstance(new, str):
        return old.replace("\r\n", "\n").strip() == new.replace("\r\n", "\n").strip()
    return (old or "") == (new or "")

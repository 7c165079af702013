"""Work-around: translated text fields read in a converted language (Traditional Chinese) as the converted source.

Upstream behaviour: modeltranslation installs a ``TranslationFieldDescriptor`` for each translated field
(``article.title``); in a language whose own column is blank it returns the first *fallback* language's text as
it is, so a Traditional reader would get Simplified characters (``tests/editorial/test_workarounds.py`` checks that
this is still what it does). modeltranslation has no hook for transforming a fallback, so each descriptor is
wrapped once at start-up (``EditorialConfig.ready``): in a converted language a blank text reads as the source
converted by OpenCC (``conversion.text_in``); every other read and every write goes to modeltranslation's own
descriptor unchanged. Its cost: one ``get_language()`` and a dict lookup per read (bench/README.md "Work-arounds").
"""

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import translator

from .conversion import text_in
from .texts import TRACKING_FIELDS, _is_blank


class ConvertingDescriptor:
    """Wraps modeltranslation's descriptor: in a converted language, a blank text reads as the converted source."""

    def __init__(self, wrapped, name):
        self.wrapped, self.name = wrapped, name

    def __get__(self, instance, owner):
        if instance is None:
            return self.wrapped.__get__(instance, owner)
        language = get_language()
        if language not in settings.CONVERTED_LANGUAGES:
            return self.wrapped.__get__(instance, owner)
        text, _shown = text_in(
            lambda column: getattr(instance, column, None),
            self.name,
            language,
            settings.MODELTRANSLATION_FALLBACK_LANGUAGES,
        )
        return text if not _is_blank(text) else self.wrapped.__get__(instance, owner)

    def __set__(self, instance, value):
        self.wrapped.__set__(instance, value)


def install():
    """Wrap the descriptor of every translated text field (called once, from the app's ``ready()``)."""
    if not settings.CONVERTED_LANGUAGES:
        return
    for model in translator.get_registered_models():
        for name in translator.get_options_for_model(model).get_field_names():
            descriptor = model.__dict__.get(name)
            if name not in TRACKING_FIELDS and isinstance(descriptor, TranslationFieldDescriptor):
                setattr(model, name, ConvertingDescriptor(descriptor, name))

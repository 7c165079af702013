"""Languages whose text is converted from another unless an editor wrote it (Traditional from Simplified Chinese).

``settings.CONVERTED_LANGUAGES`` maps such a language to its source and an OpenCC configuration, e.g.
``{"zh-hant": ("zh-hans", "s2hk")}``. The converted language keeps its own columns (``title_zh_hant``, …), which
hold only what an editor typed there: an override that always wins. Where the column is blank, readers get the
source text converted at read time. Conversion is done once per distinct text in a worker (an LRU of the
results; OpenCC converts about 10 kB per millisecond), and pages themselves are cached whole on top of that, so
no request converts the same text twice. Nothing stored can go stale: a bulk ``.update()`` or raw SQL on the
Simplified text shows up converted on the next request.
"""

import functools

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from .texts import _is_blank


def source_language(language):
    """The language ``language`` is converted from, or None for a language editors write themselves."""
    rule = settings.CONVERTED_LANGUAGES.get(language)
    return rule[0] if rule else None


@functools.cache
def converter(config):
    """The OpenCC converter for ``config`` (``s2hk``, ``t2s``, …), one per process for everyone who converts."""
    import opencc

    return opencc.OpenCC(config)


def load_converters(*configs):
    """Load the configured converters (and ``configs``) now. OpenCC's dictionaries take tens of MB outside Python's
    heap; loaded in gunicorn's master before it forks (``esimguide.workers.when_ready``), the workers share them."""
    for config in [*(rule[1] for rule in settings.CONVERTED_LANGUAGES.values()), *configs]:
        converter(config)


@functools.lru_cache(maxsize=4096)
def convert(text, language):
    """``text`` (in ``language``'s source language) in ``language``; texts that are not strings pass through."""
    rule = settings.CONVERTED_LANGUAGES.get(language)
    if rule is None or not isinstance(text, str) or not text:
        return text
    converted = converter(rule[1]).convert(text)
    # A text the conversion leaves as it was (Latin names, shared characters) stays one object, not two equal ones:
    # the plan read model keeps a name per language for every plan.
    return text if converted == text else converted


def script_variants(text):
    """``text`` in the other Chinese script(s), without ``text`` itself: Simplified and Traditional (Hong Kong)."""
    if not text or not any("\u3400" <= character <= "\u9fff" for character in text):
        return []
    variants = {converter(config).convert(text) for config in ("t2s", "s2hk")}
    return sorted(variants - {text})


# Column names (title, zh-hant → title_zh_hant) are asked for per row and per language: made once each.
_column = functools.lru_cache(maxsize=1024)(build_localized_fieldname)


def text_in(get, name, language, fallbacks):
    """``name`` in ``language`` from a row: its own text, else the converted source, else the first fallback.

    ``get(column)`` reads one column (a dict's ``get`` for ``.values()`` rows, ``getattr`` for instances).
    Returns ``(text, language the text is in)``.
    """
    own = get(_column(name, language))
    if not _is_blank(own):
        return own, language
    source = source_language(language)
    if source is not None:
        text = get(_column(name, source))
        if not _is_blank(text):
            return convert(text, language), language
    for other in fallbacks:
        if other != language:
            text = get(_column(name, other))
            if not _is_blank(text):
                return text, other
    return own, language

"""``{% translated record "field" as text %}``: a translated field with the language its text is really in.

Readers never see a blank: a text missing in their language falls back to another (django-modeltranslation
does the fallback); templates use ``text.lang`` for the block's ``lang`` attribute and ``text.is_fallback`` to
show a short "not yet translated" note.
"""

from dataclasses import dataclass

from django import template
from django.utils.translation import get_language
from modeltranslation.settings import AVAILABLE_LANGUAGES

from editorial.conversion import text_in

register = template.Library()


@dataclass(frozen=True)
class TranslatedText:
    text: str
    lang: str
    is_fallback: bool

    def __str__(self):
        return self.text


@register.simple_tag
def translated(record, name):
    language = get_language()
    text, shown = text_in(lambda column: getattr(record, column), name, language, AVAILABLE_LANGUAGES)
    return TranslatedText(text or "", shown, shown != language)

"""Translation status of any TranslationTracked record, per language: complete, missing or outdated.

The same rules exist twice, on purpose: as Python for one loaded record (list columns, the change form) and as
``Q`` objects for the admin's list filters and the index queues, which must count in SQL.
"""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES

from .conversion import source_language
from .texts import _is_blank, localized, text_fields

COMPLETE, MISSING, OUTDATED = "complete", "missing", "outdated"
STATUS_LABELS = {COMPLETE: _("complete"), MISSING: _("missing"), OUTDATED: _("outdated")}


def other_languages(language):
    return [other for other in AVAILABLE_LANGUAGES if other != language]


def own_languages(language):
    """The columns that count as ``language``'s text: its own, and for a converted language also its source's."""
    source = source_language(language)
    return [language] if source is None else [language, source]


def has_override(record, language):
    """A converted language (Traditional) with text an editor typed, rather than only the conversion."""
    return any(not _is_blank(getattr(record, localized(name, language))) for name in text_fields(type(record)))


def is_missing(record, language):
    for name in text_fields(type(record)):
        if all(_is_blank(getattr(record, localized(name, own))) for own in own_languages(language)) and any(
            not _is_blank(getattr(record, localized(name, other))) for other in other_languages(language)
        ):
            return True
    return False


def is_outdated(record, language):
    """Another language changed after this one was last edited or reviewed. A converted language follows its
    source by itself, so it is outdated only where an editor's override may have fallen behind."""
    if source_language(language) is not None and not has_override(record, language):
        return False
    checked = getattr(record, localized("text_checked_at", language))
    for other in other_languages(language):
        changed = getattr(record, localized("text_changed_at", other))
        if changed is not None and (checked is None or changed > checked):
            return True
    return False


def translation_status(record, language):
    if is_missing(record, language):
        return MISSING
    if is_outdated(record, language):
        return OUTDATED
    return COMPLETE


def _blank_q(column):
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def missing_q(model, language):
    condition = Q(pk__in=[])
    for name in text_fields(model):
        present_elsewhere = Q(pk__in=[])
        for other in other_languages(language):
            present_elsewhere |= ~_blank_q(localized(name, other))
        own_blank = Q()
        for own in own_languages(language):
            own_blank &= _blank_q(localized(name, own))
        condition |= own_blank & present_elsewhere
    return condition


def outdated_q(model, language):
    checked = localized("text_checked_at", language)
    condition = Q(pk__in=[])
    for other in other_languages(language):
        changed = localized("text_changed_at", other)
        condition |= Q(**{f"{changed}__isnull": False}) & (
            Q(**{f"{checked}__isnull": True}) | Q(**{f"{changed}__gt": F(checked)})
        )
    condition &= ~missing_q(model, language)
    if source_language(language) is not None:
        overridden = Q(pk__in=[])
        for name in text_fields(model):
            overridden |= ~_blank_q(localized(name, language))
        condition &= overridden
    return condition


def needs_translation_q(model):
    """Records with any language missing or outdated."""
    condition = Q(pk__in=[])
    for language in AVAILABLE_LANGUAGES:
        condition |= missing_q(model, language) | outdated_q(model, language)
    return condition

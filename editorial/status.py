"""Translation status of any TranslationTracked record, per language: complete, missing or outdated.

The same rules exist twice, on purpose: as Python for one loaded record (list columns, the change form) and as
``Q`` objects for the admin's list filters and the index queues, which must count in SQL.
"""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES

from .models import _is_blank, localized, text_fields

COMPLETE, MISSING, OUTDATED = "complete", "missing", "outdated"
STATUS_LABELS = {COMPLETE: _("complete"), MISSING: _("missing"), OUTDATED: _("outdated")}


def other_languages(language):
    return [other for other in AVAILABLE_LANGUAGES if other != language]


def is_missing(record, language):
    for name in text_fields(type(record)):
        if _is_blank(getattr(record, localized(name, language))) and any(
            not _is_blank(getattr(record, localized(name, other))) for other in other_languages(language)
        ):
            return True
    return False


def is_outdated(record, language):
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
        condition |= _blank_q(localized(name, language)) & present_elsewhere
    return condition


def outdated_q(model, language):
    checked = localized("text_checked_at", language)
    condition = Q(pk__in=[])
    for other in other_languages(language):
        changed = localized("text_changed_at", other)
        condition |= Q(**{f"{changed}__isnull": False}) & (
            Q(**{f"{checked}__isnull": True}) | Q(**{f"{changed}__gt": F(checked)})
        )
    return condition & ~missing_q(model, language)


def needs_translation_q(model):
    """Records with any language missing or outdated."""
    condition = Q(pk__in=[])
    for language in AVAILABLE_LANGUAGES:
        condition |= missing_q(model, language) | outdated_q(model, language)
    return condition

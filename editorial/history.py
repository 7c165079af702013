"""Readable differences between versions that django-reversion stored, and restoring one as a new version."""

from dataclasses import dataclass
from decimal import Decimal

import reversion
from django.db import models, transaction
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.translator import NotRegistered, translator
from reversion.models import Version

from .models import TRACKING_FIELDS, language_name, localized

# Bookkeeping that changes on every save and says nothing about the content.
UNCOMPARED = {"id", "lock_version", "created_at", "updated_at", "price_usd", "rendered_bodies"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    language: str
    old: str
    new: str
    field: str = ""  # the model field's name (a translation's own column: title_en)


def _translated_originals(model):
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return set(), {}
    originals = set(options.get_field_names())
    columns = {localized(name, language): (name, language) for name in originals for language in AVAILABLE_LANGUAGES}
    return originals, columns


def compared_fields(model):
    """(field, translated field's name or None, language or "") for every field whose change an editor cares
    about, in form order."""
    originals, columns = _translated_originals(model)
    result = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        base, language = columns.get(field.name, (None, ""))
        if field.name in UNCOMPARED or field.name in originals or base in TRACKING_FIELDS:
            continue
        result.append((field, base, language))
    return result


def _display(field, value):
    if value in (None, ""):
        return "—"
    if isinstance(field, models.ManyToManyField):
        names = field.related_model._base_manager.filter(pk__in=value)
        return ", ".join(sorted(str(obj) for obj in names)) or "—"
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):  # a draft of changes: its texts are compared where it is published
        return _("a draft of changes")
    if isinstance(value, Decimal) and isinstance(field, models.DecimalField):
        value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
    return str(localize(value))


def _value(data, field):
    value = data.get(field.attname)
    if isinstance(field, models.ManyToManyField) and value is not None:
        return sorted(value)
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()  # browsers send textareas with CRLF line ends
    return None if value == "" else value  # modeltranslation stores an empty translation as NULL or ""


def diff(model, old_data, new_data):
    """Field-by-field changes from ``old_data`` to ``new_data`` (reversion field dicts, or current values)."""
    changes = []
    for field, base, language in compared_fields(model):
        old, new = _value(old_data, field), _value(new_data, field)
        if old != new:
            # A translation column's own verbose name carries "[en]"; the language is shown on its own.
            label = str(model._meta.get_field(base or field.name).verbose_name)
            name = language_name(language) if language else ""
            changes.append(FieldChange(label, name, _display(field, old), _display(field, new), field.name))
    return changes


def current_data(obj):
    data = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    for field in obj._meta.many_to_many:
        data[field.attname] = list(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def versions_for(obj):
    return Version.objects.get_for_object(obj).select_related("revision__user")


def version_at(obj, lock_version):
    """The stored version of ``obj`` whose lock version was ``lock_version``, if history has it."""
    for version in versions_for(obj):
        if version.field_dict.get("lock_version") == lock_version:
            return version
    return None


@dataclass(frozen=True)
class RestorePlan:
    """What restoring a version would change, split by what the restore may touch."""

    changes: list  # applied
    guarded: list  # applied only when the editor ticks it (status, slug)
    refused: list  # the user's role may not change these; never applied


def _restorable(model, writable):
    return [field for field, _base, _language in compared_fields(model) if field.name in writable]


def plan_restore(*, obj, version, writable, guarded=()):
    """The changes that restoring ``version`` on ``obj`` makes, for a user who may write ``writable`` fields."""
    model, data, now = type(obj), version.field_dict, current_data(obj)

    def changes(fields):
        names = {field.name for field in fields}
        keep = {name: value for name, value in data.items() if _name(model, name) in names}
        return diff(model, now, {**now, **keep})

    allowed = _restorable(model, writable)
    guarded_fields = [field for field in allowed if field.name in guarded]
    plain = [field for field in allowed if field.name not in guarded]
    others = [field for field, _b, _l in compared_fields(model) if field.name not in writable]
    return RestorePlan(changes(plain), changes(guarded_fields), changes(others))


def _name(model, attname):
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.name
    return attname


def save_with_relations(obj, relations):
    obj.save()
    for name, ids in relations.items():
        getattr(obj, name).set(ids)


@transaction.atomic
def restore(*, obj, version, user, writable, skip=(), save=save_with_relations):
    """Put the values of ``version`` back on ``obj`` for the ``writable`` fields (minus ``skip``), as a new
    version. Fields the user may not write keep their current values. ``save(obj, {many-to-many name: ids})``
    writes it (an article's admin keeps a published article's restored text as a draft of changes)."""
    data = version.field_dict
    fields = [field for field in _restorable(type(obj), writable) if field.name not in skip]
    with reversion.create_revision():
        for field in fields:
            if not isinstance(field, models.ManyToManyField) and field.attname in data:
                setattr(obj, field.attname, data[field.attname])
        obj.full_clean()
        relations = {
            field.name: data[field.attname]
            for field in fields
            if isinstance(field, models.ManyToManyField) and field.attname in data
        }
        save(obj, relations)
        reversion.set_user(user)
        reversion.set_comment(
            _("Restored the version of %(date)s.")
            % {"date": localize(template_localtime(version.revision.date_created))}
        )
    return obj

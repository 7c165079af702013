"""Rows of the change log (``CatalogueChange``) as sentences in the reader's language: "Hotspot lowered from 10 GB
to 5 GB". The triggers store values as text; the functions here read them back."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from . import rules
from .choices import AttributeKind, Support
from .formatting import number

UNLIMITED = "unlimited"


def _decimal(text):
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError, ValueError):
        return None


def _with_unit(text, unit):
    value = _decimal(text)
    if value is None:
        return text
    return f"{number(value)} {unit}".strip()


def _data(text):
    return _("Unlimited") if text == UNLIMITED else _with_unit(text, "GB")


def _price(text):
    currency, _space, amount = (text or "").partition(" ")
    value = _decimal(amount)
    return f"{currency} {number(value)}" if value is not None else text


def _days(text):
    days = int(_decimal(text) or 0)
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}


def _direction(old, new):
    """-1 lowered, 1 raised, 0 changed (not comparable)."""
    if old is None or new is None:
        return 0
    return (new > old) - (new < old)


def _comparable_data(text):
    return Decimal("Infinity") if text == UNLIMITED else _decimal(text)


def _comparable_price(text):
    currency, _space, amount = (text or "").partition(" ")
    return currency, _decimal(amount)


def _stored_rule_value(kind, text):
    """A rule value as the triggers logged it (number, ``true``/``false`` or text) back as ``rules.display``
    takes it; None when there was none."""
    if text == "":
        return None
    if kind in rules.NUMBER_KINDS:
        return _decimal(text)
    if kind == AttributeKind.YES_NO:
        return text == "true"
    if kind == AttributeKind.REGIONS:
        return tuple(text.split(","))
    return text


def _fact_sentence(name, old, new, direction):
    """ "Hotspot lowered from 10 GB to 5 GB" and its kin, for an answer's value and a rule's value."""
    values = {"feature": name, "old": old, "new": new}
    if not old:
        return _("%(feature)s set to %(new)s") % values
    if not new:
        return _("%(feature)s: %(old)s no longer stated") % values
    sentence = {
        -1: _("%(feature)s lowered from %(old)s to %(new)s"),
        1: _("%(feature)s raised from %(old)s to %(new)s"),
    }.get(direction, _("%(feature)s changed from %(old)s to %(new)s"))
    return sentence % values


def _describe_rule(change, region_names):
    rule = change.rule
    if rule is None:  # the rule was deleted since; the log keeps its id
        return _("A rule that no longer exists changed")
    name = f"{rule.feature.name} · {rule.label or rule.slug}"
    if change.region_id is not None:
        name = _("%(rule)s in %(region)s") % {"rule": name, "region": change.region.name}
    old, new = (_stored_rule_value(rule.kind, text) for text in (change.old_value, change.new_value))
    options = rule.options_in(get_language())
    shown = [
        "" if value is None else rules.display(rule.kind, value, unit=rule.unit, options=options,
                                               region_names=region_names)
        for value in (old, new)
    ]  # fmt: skip
    numeric = rule.kind in rules.NUMBER_KINDS
    return _fact_sentence(name, *shown, _direction(old, new) if numeric else 0)


def describe(change, *, region_names=None):
    """``region_names`` (slug -> name) is needed only for a rule whose values are regions."""
    old, new = change.old_value, change.new_value
    Field = type(change).Field  # noqa: N806 - a CatalogueChange: its class is not imported, models import this module
    if change.field == Field.ACTIVE:
        return _("Plan withdrawn") if new == "false" else _("Plan available again")
    if change.field in (Field.SUPPORT, Field.VALUE) and change.feature is None:
        return _("A feature that no longer exists changed")  # deleted since; the log keeps its id
    if change.field == Field.SUPPORT:
        labels = dict(Support.choices)
        return _("%(feature)s changed from %(old)s to %(new)s") % {
            "feature": change.feature.name,
            "old": labels.get(old, old),
            "new": labels.get(new, new),
        }
    if change.field == Field.VALUE:
        unit = change.feature.unit or ""
        direction = _direction(_decimal(old), _decimal(new))
        return _fact_sentence(change.feature.name, _with_unit(old, unit), _with_unit(new, unit), direction)
    if change.field == Field.RULE:
        return _describe_rule(change, region_names)
    if change.field == Field.PRICE:
        (old_currency, old_amount), (new_currency, new_amount) = _comparable_price(old), _comparable_price(new)
        direction = _direction(old_amount, new_amount) if old_currency == new_currency else 0
        sentence = {-1: _("Price lowered from %(old)s to %(new)s"), 1: _("Price raised from %(old)s to %(new)s")}
        return sentence.get(direction, _("Price changed from %(old)s to %(new)s")) % {
            "old": _price(old),
            "new": _price(new),
        }
    if change.field == Field.DATA:
        direction = _direction(_comparable_data(old), _comparable_data(new))
        sentence = {-1: _("Data lowered from %(old)s to %(new)s"), 1: _("Data raised from %(old)s to %(new)s")}
        return sentence.get(direction, _("Data changed from %(old)s to %(new)s")) % {
            "old": _data(old),
            "new": _data(new),
        }
    if change.field == Field.VALIDITY:
        direction = _direction(_decimal(old), _decimal(new))
        sentence = {
            -1: _("Validity shortened from %(old)s to %(new)s"),
            1: _("Validity extended from %(old)s to %(new)s"),
        }
        return sentence.get(direction, _("Validity changed from %(old)s to %(new)s")) % {
            "old": _days(old),
            "new": _days(new),
        }
    return f"{change.get_field_display()}: {old} → {new}"

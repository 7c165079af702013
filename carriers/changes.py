"""Plan changes as sentences in the reader's language: "Hotspot lowered from 10 GB to 5 GB"."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import Support
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


def describe(change):
    old, new = change.old_value, change.new_value
    Field = type(change).Field  # noqa: N806 - a PlanChange: its class is not imported, models import this module
    if change.field == Field.ACTIVE:
        return _("Plan withdrawn") if new == "false" else _("Plan available again")
    if change.field == Field.SUPPORT:
        labels = dict(Support.choices)
        return _("%(feature)s changed from %(old)s to %(new)s") % {
            "feature": change.feature.name,
            "old": labels.get(old, old),
            "new": labels.get(new, new),
        }
    if change.field == Field.VALUE:
        unit = change.feature.unit or ""
        values = {"feature": change.feature.name, "old": _with_unit(old, unit), "new": _with_unit(new, unit)}
        if not old:
            return _("%(feature)s set to %(new)s") % values
        if not new:
            return _("%(feature)s: %(old)s no longer stated") % values
        sentence = {
            -1: _("%(feature)s lowered from %(old)s to %(new)s"),
            1: _("%(feature)s raised from %(old)s to %(new)s"),
        }.get(_direction(_decimal(old), _decimal(new)), _("%(feature)s changed from %(old)s to %(new)s"))
        return sentence % values
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

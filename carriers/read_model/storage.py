"""Compact storage of the plans' answers: columns per feature, bitsets over plan positions, a bounded cache."""

import functools
from array import array
from datetime import date
from decimal import Decimal

from ..models import (
    Support,
)

SUPPORT_CODE = {Support.YES: 1, Support.LIMITED: 2, Support.NO: 3, Support.UNKNOWN: 4}
CODE_SUPPORT = {code: support for support, code in SUPPORT_CODE.items()}
NO_VALUE = -1  # hundredths column: no value
CHECKED_BASE = date(1969, 12, 31).toordinal()  # checked columns count days from here: 1970-01-01 is 1
CENT = Decimal("0.01")


_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def bits_from(flags):
    """An int whose bit i is set where flags[i] is true. Each step runs in C (truth values to bytes, bytes to binary
    digits, digits to an int); a join over a generator took most of a never-seen filter's time at 100,000 plans."""
    try:
        raw = bytes(flags)  # C speed when every flag is a bool (or 0 or 1), as comparisons give
    except (TypeError, ValueError):
        raw = None
    if raw is None or raw.translate(None, b"\x00\x01"):
        raw = bytes(map(bool, flags))  # predicates that answer with other truthy values
    digits = raw.translate(_DIGITS)[::-1]
    return int(digits, 2) if digits else 0


def bits_at(positions, size):
    """An int whose bits at ``positions`` (each below ``size``) are set. Through bytes: summing ``1 << position``
    makes and adds one number of up to ``size`` bits per position (milliseconds for a thousand positions at
    100,000 plans)."""
    flags = bytearray((size + 7) // 8)
    for position in positions:
        flags[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(flags, "little")


def bits_equal(codes, code):
    """An int whose bit i is set where ``codes[i] == code``, for one-byte codes (a bytearray): in C, as
    ``bits_from``, through a table that marks ``code``."""
    table = bytearray(256)
    table[code] = 1
    return bits_from(bytes(codes).translate(table))


def _hundredths(value):
    return NO_VALUE if value is None else int(value * 100)


@functools.lru_cache(maxsize=4096)
def _decimal(hundredths):
    """The stored value back as the database's Decimal (two places); values repeat, so they are made once."""
    return None if hundredths == NO_VALUE else (Decimal(hundredths) / 100).quantize(CENT)


@functools.lru_cache(maxsize=4096)
def _day(ordinal):
    return date.fromordinal(ordinal) if ordinal else None


class BoundedCache:
    """Values that depend only on this catalogue revision, built on first use and dropped when their plan changes:
    rendered plan rows (key ends with the plan's pk) and every feature's cells of recently shown plans (key ends
    with the plan's position). Bounded, so a long-lived revision cannot grow without limit: at the limit it starts
    over, which costs a few renders and never a wrong answer."""

    def __init__(self, limit):
        self.limit, self.items = limit, {}

    def get(self, key):
        return self.items.get(key)

    def get_or_make(self, key, make):
        """The value kept for ``key``, or ``make()`` kept and returned (a made value must not be None)."""
        value = self.items.get(key)
        return self.put(key, make()) if value is None else value

    def put(self, key, value):
        if len(self.items) >= self.limit:
            self.items.clear()
        self.items[key] = value
        return value

    def drop(self, last_parts):
        for key in [key for key in self.items if key[-1] in last_parts]:
            del self.items[key]

    def clear(self):
        self.items.clear()


class Columns:
    """Every plan's answer per feature, as columns indexed by plan position."""

    def __init__(self, feature_pks, size):
        self.index = {pk: i for i, pk in enumerate(feature_pks)}
        self.support = [bytearray(size) for _pk in feature_pks]
        # Hundredths in 4 bytes: an answer's value has at most 8 digits, 2 of them decimals (PlanFeature.value).
        self.value = [array("i", [NO_VALUE]) * size for _pk in feature_pks]
        # The day an answer was checked, as days after CHECKED_BASE (0 for never) in 2 bytes while every day of the
        # column fits (1970 to 2149); a column with a day outside that becomes 4 bytes, with the same meaning.
        self.checked = [array("H", [0]) * size for _pk in feature_pks]

    def append(self):
        for support, value, checked in zip(self.support, self.value, self.checked, strict=True):
            support.append(0)
            value.append(NO_VALUE)
            checked.append(0)

    def write(self, position, rows):
        """Replace one plan's answers with ``rows``: (feature id, support, value, verified_on)."""
        for support, value, checked in zip(self.support, self.value, self.checked, strict=True):
            support[position], value[position], checked[position] = 0, NO_VALUE, 0
        for feature_id, support, value, verified in rows:
            self.set(position, feature_id, support, value, verified)

    def set(self, position, feature_id, support, value, verified):
        column = self.index.get(feature_id)
        if column is not None:
            self.support[column][position] = SUPPORT_CODE.get(support, 0)
            self.value[column][position] = _hundredths(value)
            stored = verified.toordinal() - CHECKED_BASE if verified else 0
            checked = self.checked[column]
            if checked.typecode == "H" and not 0 <= stored <= 0xFFFF:
                checked = self.checked[column] = array("i", checked)
            checked[position] = stored

    def checked_on(self, column, position):
        """The day the answer was checked as ``date.toordinal()``, 0 for never."""
        stored = self.checked[column][position]
        return stored + CHECKED_BASE if stored else 0

    def answer(self, column, position):
        """(support, value as Decimal or None), or None when the plan has no row for the feature."""
        code = self.support[column][position]
        if not code:
            return None
        hundredths = self.value[column][position]
        return CODE_SUPPORT[code], _decimal(hundredths)

    def latest_check(self, position):
        """The plan's most recent check of any answer, as ``date.toordinal()``; 0 for never."""
        latest = max((stored for checked in self.checked if (stored := checked[position])), default=None)
        return 0 if latest is None else latest + CHECKED_BASE

"""A feature's typed rules: how an editor's text becomes a value of the rule's kind, and how a value reads.

Editors type a value as they would say it ("5 GB", "128 kbps", "24 h", "mainland-china, macau", "Asia/Hong_Kong");
``parse`` checks it against the rule's kind and gives what is stored: a number in the kind's own unit (data in MB,
1 GB = 1,024 MB as carriers count; speed in kbps; duration in hours), a choice's value, yes/no, region slugs, or
a time zone's name. ``display`` and ``sentence`` give it back as readers read it, in the active language. No model
imports: the models, the read model, the spreadsheets and the trip checker all use these functions.
"""

import functools
import re
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from .choices import AttributeKind

NUMBER_KINDS = {AttributeKind.NUMBER, AttributeKind.DATA, AttributeKind.SPEED, AttributeKind.DURATION}
MAX_VALUE = Decimal(10**9)
MB_PER_GB = 1024
KBPS_PER_MBPS = 1000

# Units an editor may type, to the kind's stored unit. Chinese words included; matching ignores case and spaces.
UNITS = {
    AttributeKind.DATA: {"mb": 1, "m": 1, "gb": MB_PER_GB, "g": MB_PER_GB, "tb": MB_PER_GB**2, "": MB_PER_GB},
    AttributeKind.SPEED: {"kbps": 1, "kb/s": 1, "k": 1, "mbps": KBPS_PER_MBPS, "mb/s": KBPS_PER_MBPS, "m": 1000},
    AttributeKind.DURATION: {
        "h": 1,
        "hr": 1,
        "hrs": 1,
        "hour": 1,
        "hours": 1,
        "小时": 1,
        "小時": 1,
        "d": 24,
        "day": 24,
        "days": 24,
        "天": 24,
        "日": 24,
        "min": Decimal(1) / 60,
        "分钟": Decimal(1) / 60,
        "分鐘": Decimal(1) / 60,
    },  # fmt: skip
}
UNIT_HINTS = {
    AttributeKind.DATA: _("a data amount such as 5 GB or 500 MB"),
    AttributeKind.SPEED: _("a speed such as 128 kbps or 1 Mbps"),
    AttributeKind.DURATION: _("a duration such as 24 h or 7 days"),
    AttributeKind.NUMBER: _("a number such as 4"),
}
NUMBER_RE = re.compile(r"^\s*(\d{1,10}(?:[.,]\d{1,3})?)\s*([^\d\s].{0,10})?\s*$")
YES_WORDS = {"yes", "y", "true", "1", "是", "有", "可以", "可"}
NO_WORDS = {"no", "n", "false", "0", "否", "无", "無", "不可以", "不可", "没有", "沒有"}
SEPARATORS = re.compile(r"[,，、;；\s]+")
# Readers know a few zones by a place's name; any other zone shows its city as the database names it.
ZONE_NAMES = {
    "Asia/Hong_Kong": _("Hong Kong"),
    "Asia/Shanghai": _("Beijing"),
    "Asia/Macau": _("Macau"),
    "Asia/Tokyo": _("Tokyo"),
    "Asia/Karachi": _("Pakistan"),
    "America/New_York": _("New York"),
    "America/Los_Angeles": _("Los Angeles"),
    "UTC": _("UTC"),
}
OPTION_SEPARATOR = "|"
MAX_OPTIONS = 50


@dataclass(frozen=True)
class Option:
    """One choice of a choice rule: its stored value and its label in each written language."""

    value: str
    labels: dict  # language code -> label; Traditional Chinese falls back to Simplified (read model ``_rule_ref``)


def parse_options(text):
    """The options an editor listed, one per line: ``value | 简体中文 | English`` (optionally ``| 繁體中文``).
    Raises ValidationError naming the line that is not in that form."""
    options, seen = [], set()
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_OPTIONS:
        raise ValidationError(_("At most %(limit)s options."), code="too_many", params={"limit": MAX_OPTIONS})
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.split(OPTION_SEPARATOR)]
        if len(parts) not in (3, 4) or not all(parts[:3]) or not re.fullmatch(r"[-a-z0-9]{1,40}", parts[0]):
            raise ValidationError(
                _("Line %(line)s: write “value | 简体中文 | English”, the value in lower-case letters, digits and "
                  "hyphens (e.g. calendar-day | 按日历日 | calendar day)."),
                code="bad_option", params={"line": number},
            )  # fmt: skip
        if parts[0] in seen:
            raise ValidationError(
                _("Line %(line)s: the value “%(value)s” is listed twice."),
                code="duplicate_option",
                params={"line": number, "value": parts[0]},
            )
        seen.add(parts[0])
        labels = {"zh-hans": parts[1], "en": parts[2]}
        if len(parts) == 4 and parts[3]:
            labels["zh-hant"] = parts[3]
        options.append(Option(parts[0], labels))
    return options


@functools.cache
def time_zones():
    return {name.lower(): name for name in zoneinfo.available_timezones()}


@dataclass(frozen=True)
class Parsed:
    """What is stored for a value: ``number`` for numeric kinds, ``text`` for the others, ``flag`` for yes/no."""

    number: Decimal | None = None
    text: str = ""
    flag: bool | None = None


def parse(kind, raw, *, unit="", options=(), regions=None):
    """``raw`` (what an editor typed) as a value of ``kind``, or ValidationError saying what was expected.

    ``options``: a choice rule's ``Option``s. ``regions``: for a list of regions, a mapping of every way of naming
    a region (slug, names in every language, lower-cased) to its slug."""
    raw = (str(raw) if raw is not None else "").strip()
    if not raw:
        raise ValidationError(_("Enter a value."), code="required")
    if len(raw) > 500:
        raise ValidationError(_("Enter at most 500 characters."), code="too_long")
    if kind in NUMBER_KINDS:
        return Parsed(number=_number(kind, raw, unit))
    if kind == AttributeKind.YES_NO:
        word = raw.lower()
        if word in YES_WORDS or word in NO_WORDS:
            return Parsed(flag=word in YES_WORDS)
        raise ValidationError(_("Enter yes or no."), code="yes_no")
    if kind == AttributeKind.CHOICE:
        wanted = raw.lower()
        for option in options:
            if wanted == option.value or wanted in {label.lower() for label in option.labels.values()}:
                return Parsed(text=option.value)
        raise ValidationError(
            _("Choose one of: %(options)s."),
            code="choice",
            params={"options": ", ".join(option.value for option in options) or "—"},
        )
    if kind == AttributeKind.REGIONS:
        slugs = []
        for word in SEPARATORS.split(raw):
            if not word:
                continue
            slug = (regions or {}).get(word.lower())
            if slug is None:
                raise ValidationError(
                    _("“%(word)s” is not a region; use a region's slug, e.g. mainland-china."),
                    code="region",
                    params={"word": word[:60]},
                )
            slugs.append(slug)
        return Parsed(text=",".join(sorted(set(slugs))))
    if kind == AttributeKind.TIME_ZONE:
        name = time_zones().get(raw.lower().replace(" ", "_"))
        if name is None:
            raise ValidationError(
                _("“%(word)s” is not a time zone; write one such as Asia/Hong_Kong."),
                code="time_zone",
                params={"word": raw[:60]},
            )
        return Parsed(text=name)
    raise ValidationError(_("This rule has no type."), code="kind")


def _number(kind, raw, unit):
    match = NUMBER_RE.match(raw)
    hint = UNIT_HINTS[kind]
    if match is None:
        raise ValidationError(_("Enter %(hint)s."), code="number", params={"hint": hint})
    try:
        amount = Decimal(match.group(1).replace(",", "."))
    except InvalidOperation:  # the pattern admits only digits; kept for safety
        raise ValidationError(_("Enter %(hint)s."), code="number", params={"hint": hint}) from None
    written = (match.group(2) or "").strip().lower().replace(" ", "")
    if kind == AttributeKind.NUMBER:
        if written and written != (unit or "").strip().lower().replace(" ", ""):
            raise ValidationError(
                _("Enter a number in %(unit)s, without another unit."), code="unit", params={"unit": unit or "—"}
            )
        factor = 1
    else:
        factor = UNITS[kind].get(written)
        if factor is None:
            raise ValidationError(_("Enter %(hint)s."), code="unit", params={"hint": hint})
    value = (amount * Decimal(factor)).quantize(Decimal("0.001"))
    if value > MAX_VALUE:
        raise ValidationError(_("Enter a smaller number."), code="max_value")
    return value


def as_text(kind, parsed_number, text, flag):
    """A stored value back as an editor would type it (for the inline form and the spreadsheet)."""
    if kind in SCALED and parsed_number is not None:
        return _scaled(kind, parsed_number)
    if kind == AttributeKind.DURATION and parsed_number is not None:
        return _plain(parsed_number / 24) + " days" if parsed_number % 24 == 0 else _plain(parsed_number) + " h"
    if kind == AttributeKind.NUMBER and parsed_number is not None:
        return _plain(parsed_number)
    if kind == AttributeKind.YES_NO and flag is not None:
        return "yes" if flag else "no"
    if kind == AttributeKind.REGIONS:
        return ", ".join(text.split(",")) if text else ""
    return text or ""


def _plain(number):
    return format(Decimal(number).quantize(Decimal("0.01")).normalize(), "f")


# Amounts shown in the larger unit from one of it up: (stored unit, larger unit, stored units in the larger one).
SCALED = {AttributeKind.DATA: ("MB", "GB", MB_PER_GB), AttributeKind.SPEED: ("kbps", "Mbps", KBPS_PER_MBPS)}


def _scaled(kind, number):
    """A data amount or speed in its readable unit: "500 MB", "5 GB", "128 kbps", "1 Mbps" (the same in any
    language, and as an editor types it)."""
    small, large, factor = SCALED[kind]
    return f"{_plain(number / factor)} {large}" if number >= factor else f"{_plain(number)} {small}"


def display(kind, value, *, unit="", options=(), region_names=None):
    """A value (Decimal, str, bool or a tuple of region slugs: ``read_model.rule_value``) as readers read it.
    ``options``: a choice rule's (value, label) pairs in the active language."""
    if value is None:
        return ""
    if kind in SCALED:
        return _scaled(kind, value)
    if kind == AttributeKind.DURATION:
        if value % 24 == 0:
            days = int(value / 24)
            return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
        hours = _plain(value)
        return ngettext("%(count)s hour", "%(count)s hours", 1 if value == 1 else 2) % {"count": hours}
    if kind == AttributeKind.NUMBER:
        return f"{_plain(value)} {unit}".strip()
    if kind == AttributeKind.YES_NO:
        return gettext("yes") if value else gettext("no")
    if kind == AttributeKind.CHOICE:
        return dict(options).get(value, value)
    if kind == AttributeKind.REGIONS:
        names = region_names or {}
        return pgettext("list separator", ", ").join(names.get(slug, slug) for slug in value)
    if kind == AttributeKind.TIME_ZONE:
        name = ZONE_NAMES.get(value)
        return str(name) if name else value.rsplit("/", 1)[-1].replace("_", " ")
    return str(value)


def phrase(template, label, text):
    """One rule in a sentence: the rule's phrase (``{value}`` where the value goes) or "label value"."""
    if template and "{value}" in template:
        return template.replace("{value}", text)
    return gettext("%(label)s %(value)s") % {"label": label, "value": text}


def sentence(parts):
    """Phrases joined into one clause. A phrase that starts with a space or punctuation ("(Hong Kong time)" after
    " ", ", then …") follows the one before it directly; the others are joined with the language's comma."""
    result = ""
    comma = pgettext("joins rule phrases", ", ")
    for part in parts:
        if not part:
            continue
        if not result or part[0].isspace() or part[0] in ",.;:)，。；：）（(":
            result += part
        else:
            result += comma + part
    return result.strip()


@dataclass(frozen=True)
class Clause:
    """One feature's rules for one plan as a sentence, everywhere (``region`` empty) or in one region."""

    feature_pk: int
    feature: str
    region: str
    text: str


def clauses(rule_refs, values, region_names):
    """A plan's rule values as sentences in the active language: one per feature and region, in rule order.
    ``rule_refs``: the catalogue's rules (read model ``RuleRef``); ``values``: {rule pk: {region slug or None:
    value}}; ``region_names``: slug to name."""
    grouped = {}
    for rule in rule_refs:
        by_region = values.get(rule.pk)
        if not by_region:
            continue
        for region in sorted(by_region, key=lambda slug: (slug is not None, region_names.get(slug, slug or ""))):
            text = display(rule.kind, by_region[region], unit=rule.unit, options=rule.options,
                           region_names=region_names)  # fmt: skip
            key = (rule.feature_pk, rule.feature_name, region_names.get(region, region) if region else "")
            grouped.setdefault(key, []).append(phrase(rule.phrase, rule.label, text))
    return [Clause(pk, feature, region, sentence(parts)) for (pk, feature, region), parts in grouped.items()]


def everywhere_first(region):
    """Sort key for the regions of a rule's values: everywhere (None) first, then by slug."""
    return (region is not None, region or "")


def entries(rule, values, region_names):
    """(region slug or None, value, text) of a plan's values for ``rule`` (``values``: {rule pk: {region: value}}),
    everywhere first."""
    by_region = values.get(rule.pk, {})
    order = sorted(by_region, key=everywhere_first)
    return [(region, by_region[region], display(rule.kind, by_region[region], unit=rule.unit, options=rule.options,
                                                region_names=region_names)) for region in order]  # fmt: skip


def text_of(rule, values, region_names):
    """A plan's values for ``rule`` as one text: "5 GB; Mainland China: 1 GB"."""
    return "; ".join(text if region is None else f"{region_names.get(region, region)}: {text}"
                     for region, _value, text in entries(rule, values, region_names))  # fmt: skip

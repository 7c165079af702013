"""CSV and JSON exports of exactly the plans the list shows for the same query string.

JSON shape (stable; field names in English, labels and names in the URL's language):

    {"language": "en", "count": 2, "generated_at": "...", "errors": [{"parameter": ..., "message": ...}],
     "features": [{"slug", "name", "unit"}],
     "plans": [{"slug", "name", "url", "carrier": {"slug", "name"}, "region": {"slug", "name"},
                "plan_type", "plan_type_label", "data_gb" (string or null), "unlimited_data",
                "validity_days", "price" (string), "currency", "price_usd" (string), "is_5g",
                "purchase_url",
                "features": {"<feature slug>": {"support", "support_label", "value" (string or null), "unit",
                                                "note", "source_url", "verified_on" (ISO date or null),
                                                "is_stale"}},
                "rules": {"<feature slug>.<rule slug>": [{"region" (slug or null: everywhere), "value" (as stored:
                          string for numbers, in MB / kbps / hours; list of region slugs; true/false),
                          "text" (as readers read it)}]}}],
     "rules": [{"key", "feature", "label", "type"}]}
"""

import csv
import json

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from editorial.spreadsheets import neutralise

from . import attributes, rules


def _decimal(value):
    return None if value is None else str(value)


def _cell_json(row, feature):
    if row is None:
        return {
            "support": "unknown",
            "support_label": _("Unknown"),
            "value": None,
            "unit": feature.unit,
            "note": "",
            "source_url": "",
            "verified_on": None,
            "is_stale": True,
        }
    return {
        "support": row.support,
        "support_label": str(row.get_support_display()),
        "value": _decimal(row.value),
        "unit": feature.unit,
        "note": row.note,
        "source_url": row.source_url,
        "verified_on": row.verified_on.isoformat() if row.verified_on else None,
        "is_stale": row.is_stale,
    }


def _stored(value):
    if isinstance(value, tuple):
        return list(value)
    return str(value) if not isinstance(value, (bool, str)) else value


def _plan_json(plan, features, request, feature_rules=(), names=None):
    return {
        "slug": plan.slug,
        "name": plan.name,
        "url": request.build_absolute_uri(plan.get_absolute_url()),
        "carrier": {"slug": plan.carrier.slug, "name": plan.carrier.name},
        "region": {"slug": plan.carrier.region.slug, "name": plan.carrier.region.name},
        "plan_type": plan.plan_type,
        "plan_type_label": str(plan.get_plan_type_display()),
        "data_gb": _decimal(plan.data_gb),
        "unlimited_data": plan.is_unlimited_data,
        "validity_days": plan.validity_days,
        "price": _decimal(plan.price),
        "currency": plan.currency,
        "price_usd": _decimal(plan.price_usd),
        "is_5g": plan.is_5g,
        "purchase_url": plan.purchase_url,
        "features": {f.slug: _cell_json(cell, f) for f, cell in zip(features, plan.cells, strict=True)},
        "rules": {
            rule.key: [{"region": region, "value": _stored(value), "text": text}
                       for region, value, text in rules.entries(rule, plan.rules, names)]
            for rule in feature_rules if plan.rules.get(rule.pk)
        },
    }  # fmt: skip


# An export of more plans is encoded afresh and keeps no text: its texts would push every rendered row out of the
# shared cache (``BoundedCache`` starts over at its limit) for plans no page may show.
TEXTS_KEPT_MAX = 250


def plans_as_json(*, plans, features, filterset, request, feature_rules=(), names=None, fragments=None):
    """The export as JSON text. Encoded plan by plan: an export of thousands of plans never exists as one tree of
    dicts (tens of thousands of them at 25 features), only as the text. Compact, because indentation would switch
    ``json`` to its pure-Python encoder.

    ``fragments``: the read model's cache of what depends only on its revision (``Catalogue.fragments``). Each
    plan's text is kept there, as its rendered row is, and reused by every export that includes the plan: encoding
    was most of an export's time (bench/README.md). The key holds all the text depends on besides the plan. Only
    exports of up to ``TEXTS_KEPT_MAX`` plans keep their texts."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    head = encode(
        {
            "language": get_language(),
            "count": len(plans),
            "generated_at": timezone.now().isoformat(),
            "errors": [
                {"parameter": name, "message": " ".join(dict.fromkeys(messages))}
                for name, messages in filterset.form.errors.items()
            ],
            "features": [{"slug": f.slug, "name": f.name, "unit": f.unit} for f in features],
            "rules": [
                {"key": r.key, "feature": r.feature_slug, "label": r.label, "type": r.kind} for r in feature_rules
            ],
        }
    )
    names = names or {}

    def text(plan):
        return encode(_plan_json(plan, features, request, feature_rules, names))

    if fragments is not None and len(plans) <= TEXTS_KEPT_MAX:
        # The plan's address is absolute: the site's scheme and host are part of the text. A text is never empty.
        key = (get_language(), "json", request.build_absolute_uri("/"), tuple(f.pk for f in features),
               tuple(rule.key for rule in feature_rules))  # fmt: skip
        texts = (fragments.get_or_make((*key, plan.pk), lambda plan=plan: text(plan)) for plan in plans)
    else:
        texts = map(text, plans)
    return f'{head[:-1]},"plans":[{",".join(texts)}]}}'


def _exported():
    """The plan attributes that have a column, in declaration order (carriers/attributes.py)."""
    return [attribute.export for attribute in attributes.PLAN_ATTRIBUTES if attribute.export]


def csv_header(features, feature_rules=()):
    header = [_("Plan"), _("Slug"), *(str(title) for title, _value in _exported()), _("Price"), _("Currency")]
    for feature in features:
        header += [
            feature.name,
            f"{feature.name}: {_('value')}",
            f"{feature.name}: {_('note')}",
            f"{feature.name}: {_('verified on')}",
        ]
    return header + [f"{rule.feature_name}: {rule.label}" for rule in feature_rules]


def csv_row(plan, exported, feature_rules=(), names=None):
    """``exported``: the attributes' (header, value) columns, worked out once per export (``_exported()``)."""
    row = [plan.name, plan.slug, *(value(plan) for _title, value in exported), plan.price, plan.currency]
    for cell in plan.cells:
        if cell is None:
            row += [_("Unknown"), "", "", ""]
        else:
            row += [
                cell.get_support_display(),
                "" if cell.value is None else cell.value,
                cell.note,
                cell.verified_on.isoformat() if cell.verified_on else "",
            ]
    row += [rules.text_of(rule, plan.rules, names or {}) for rule in feature_rules]
    # Names and notes are editors' text: a leading =, +, - or @ must not become a spreadsheet formula.
    return [neutralise(str(value)) if isinstance(value, str) else value for value in row]


def write_plans_csv(stream, *, plans, features, feature_rules=(), names=None):
    # A byte-order mark makes Excel open UTF-8 (Chinese) text correctly.
    stream.write("\ufeff")
    writer = csv.writer(stream)
    writer.writerow(csv_header(features, feature_rules))
    exported = _exported()
    writer.writerows(csv_row(plan, exported, feature_rules, names) for plan in plans)

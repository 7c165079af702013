"""Writes to the catalogue that touch several models."""

from datetime import timedelta
from decimal import Decimal

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from editorial import roles

from . import demo_data
from .models import Carrier, Feature, FeatureAttribute, Plan, PlanAttribute, PlanFeature, Region, region_aliases


def _create_missing(model, lookup, values):
    """The record named by ``lookup``, created with ``values`` when it does not exist; an existing one (perhaps
    edited since) is returned untouched."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
    return obj


def _fill_blank_keywords(obj):
    """Demo keywords go only into a record whose keywords are empty in every language."""
    zh, en = demo_data.KEYWORDS.get(obj.slug, ("", ""))
    if (zh or en) and not (obj.keywords_zh_hans or obj.keywords_en):
        obj.keywords_zh_hans, obj.keywords_en = zh, en
        obj.save()
    return obj


def _parse_answer(code):
    support, _, value = code.partition(":")
    return demo_data.SUPPORT_CODES[support], (Decimal(value) if value else None)


def _feature_row_values(feature, code, checked_on):
    support, value = _parse_answer(code)
    zh, en = demo_data.PHRASES.get((feature.slug, support), ("", ""))
    return {
        "support": support,
        "value": value,
        "note_zh_hans": f"{zh}{demo_data.DEMO_NOTE[0]}",
        "note_en": f"{en} {demo_data.DEMO_NOTE[1]}".strip(),
        "source_url": "",
        "verified_on": checked_on if support != "unknown" else None,
    }


@transaction.atomic
def load_demo_catalogue(*, today=None):
    """Create the demo regions, carriers, features and plans that do not exist yet. Safe to run again: records
    that exist are never changed, so an editor's work on demo content survives every run."""
    today = today or timezone.localdate()
    regions = {
        slug: _fill_blank_keywords(
            _create_missing(
                Region, {"slug": slug}, {"code": code, "name_zh_hans": zh, "name_en": en, "display_order": order}
            )
        )
        for slug, code, zh, en, order in demo_data.REGIONS
    }
    carriers = {
        slug: _create_missing(
            Carrier,
            {"slug": slug},
            {
                "region": regions[region],
                "name_zh_hans": zh,
                "name_en": en,
                "description_zh_hans": dzh,
                "description_en": den,
                "website": site,
                "is_esim_seller": True,
            },
        )
        for slug, region, zh, en, dzh, den, site in demo_data.CARRIERS
    }
    features = [
        _fill_blank_keywords(
            _create_missing(
                Feature,
                {"slug": slug},
                {
                    "name_zh_hans": zh,
                    "name_en": en,
                    "description_zh_hans": dzh,
                    "description_en": den,
                    "unit_zh_hans": uzh,
                    "unit_en": uen,
                    "display_order": order,
                    "is_filterable": True,
                },
            )
        )
        for slug, zh, en, dzh, den, uzh, uen, order in demo_data.FEATURES
    ]
    for slug, carrier, zh, en, plan_type, gb, days, price, currency, is_5g, answers, age in demo_data.PLANS:
        plan = _create_missing(
            Plan,
            {"slug": slug},
            {
                "carrier": carriers[carrier],
                "name_zh_hans": zh,
                "name_en": en,
                "plan_type": plan_type,
                "data_gb": None if gb is None else Decimal(gb),
                "is_unlimited_data": gb is None,
                "validity_days": days,
                "price": Decimal(price),
                "currency": currency,
                "is_5g": is_5g,
                "is_active": True,
                "purchase_url": carriers[carrier].website,
            },
        )
        checked_on = today - timedelta(days=age)
        for feature, code in zip(features, answers.split(), strict=True):
            _create_missing(
                PlanFeature, {"plan": plan, "feature": feature}, _feature_row_values(feature, code, checked_on)
            )
    rules = _load_demo_rules(regions, today)
    return {
        "regions": len(regions),
        "carriers": len(carriers),
        "features": len(features),
        "plans": len(demo_data.PLANS),
        "rules": rules,
    }


def _load_demo_rules(regions, today):
    slug, zh, en, dzh, den, order = demo_data.PLAN_TERMS
    values = {"name_zh_hans": zh, "name_en": en, "description_zh_hans": dzh, "description_en": den,
              "display_order": order, "is_filterable": False}  # fmt: skip
    features = {feature.slug: feature for feature in Feature.objects.all()}
    features.setdefault(slug, _create_missing(Feature, {"slug": slug}, values))
    rules = {}
    for feature, slug, zh, en, kind, (uzh, uen), options, (pzh, pen), order in demo_data.RULES:
        if feature not in features:
            continue
        rule = _create_missing(
            FeatureAttribute,
            {"feature": features[feature], "slug": slug},
            {"label_zh_hans": zh, "label_en": en, "kind": kind, "unit_zh_hans": uzh, "unit_en": uen,
             "options": options, "phrase_zh_hans": pzh, "phrase_en": pen, "display_order": order},
        )  # fmt: skip
        rules[rule.key] = rule
    plans = {plan.slug: plan for plan in Plan.objects.filter(slug__in={row[0] for row in demo_data.RULE_VALUES})}
    aliases = region_aliases()
    for plan_slug, key, region, text in demo_data.RULE_VALUES:
        plan, rule = plans.get(plan_slug), rules.get(key)
        lookup = {"plan": plan, "attribute": rule, "region": regions.get(region) if region else None}
        if plan is None or rule is None or PlanAttribute.objects.filter(**lookup).exists():
            continue
        value = PlanAttribute(**lookup, note_zh_hans=demo_data.RULE_VALUE_NOTE[0], note_en=demo_data.RULE_VALUE_NOTE[1],
                              verified_on=today - timedelta(days=20))  # fmt: skip
        value.set_value(text, regions=aliases)
        value.full_clean()
        value.save()
    return len(rules)


@transaction.atomic
def mark_plans_verified(*, plans, user, on=None):
    """Every answer and every rule value of ``plans`` checked by ``user`` today; the number of facts marked."""
    answers = mark_verified(rows=PlanFeature.objects.filter(plan__in=plans), user=user, on=on)
    return answers + mark_verified(rows=PlanAttribute.objects.filter(plan__in=plans), user=user, on=on)


@transaction.atomic
def mark_verified(*, rows, user, on=None):
    """Record that ``user`` checked these facts (feature rows or rule values) today; each row saves a version with
    who and when."""
    model = rows.model
    if not roles.may_edit_facts(user, model):
        raise PermissionDenied
    # Lock exactly these rows (no joins: PostgreSQL cannot lock the nullable side of an outer join).
    rows = list(model.objects.filter(pk__in=rows.values("pk")).select_for_update().order_by("pk"))
    with reversion.create_revision():
        for row in rows:
            row.mark_verified(user=user, on=on)
        reversion.set_user(user)
        reversion.set_comment("Marked verified.")
    return len(rows)

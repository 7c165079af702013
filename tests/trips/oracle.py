"""An independent answer to the trip checker, from the database rows (the ORM), not from the read model: written
from the rules as the issue states them, to hold trips/checker.py to. Reasons are (code, params) as the checker's."""

from decimal import ROUND_HALF_UP, Decimal

from carriers.models import Plan, PlanAttribute, PlanFeature

MB = 1024


def _text(number):
    return format(Decimal(number).quantize(Decimal("0.01"), ROUND_HALF_UP).normalize(), "f")


def _reason(code, **params):
    return (code, tuple(sorted(params.items())))


def _values():
    """{plan pk: {"feature.rule": {region slug or None: value}}}, value as typed: number, text, flag or regions."""
    found = {}
    for row in PlanAttribute.objects.select_related("attribute__feature", "region"):
        kind = row.attribute.kind
        value = {"regions": tuple(row.text.split(",")) if row.text else None, "yes-no": row.flag,
                 "choice": row.text or None}.get(kind, row.number)  # fmt: skip
        key = f"{row.attribute.feature.slug}.{row.attribute.slug}"
        found.setdefault(row.plan_id, {}).setdefault(key, {})[row.region.slug if row.region else None] = value
    return found


def judge_all(trip):
    """{plan slug: (status, fails, unknowns, fits)} for the plans the trip concerns; reasons as sets."""
    values = _values()
    answers = {(row.plan_id, row.feature.slug): row.support for row in PlanFeature.objects.select_related("feature")}
    result = {}
    for plan in Plan.objects.filter(is_active=True).select_related("carrier__region"):
        rules = values.get(plan.pk, {})
        home = plan.carrier.region.slug
        destinations = rules.get("cross-border-data.destinations", {}).get(None)
        if home not in trip.regions and not set(destinations or ()) & set(trip.regions):
            continue
        result[plan.slug] = _judge(plan, home, rules, answers, trip)
    return result


def _get(rules, key, region=None, fallback=True):
    by_region = rules.get(key, {})
    if region is not None and region in by_region:
        return by_region[region]
    return by_region.get(None) if fallback else None


def _judge(plan, home, rules, answers, trip):
    fails, unknowns, fits = set(), set(), set()
    away = [region for region in trip.regions if region != home]
    if plan.validity_days < trip.days:
        fails.add(_reason("validity", valid=plan.validity_days, days=trip.days))
    destinations = _get(rules, "cross-border-data.destinations")
    for region in away:
        if destinations is not None:
            if region not in destinations:
                fails.add(_reason("no_data_in", region=region))
        elif answers.get((plan.pk, "cross-border-data")) == "no":
            fails.add(_reason("no_data_in", region=region))
        else:
            unknowns.add(_reason("coverage_unknown", region=region))
    if trip.daily_gb > 0:
        need = trip.daily_gb * trip.days
        if not plan.is_unlimited_data and need > plan.data_gb:
            fails.add(_reason("data_total", data=_text(plan.data_gb), need=_text(need), daily=_text(trip.daily_gb),
                              days=trip.days))  # fmt: skip
        for region in away:
            allowance = _get(rules, "cross-border-data.daily-data", region)
            if allowance is not None:
                reason = _reason("daily_allowance", allowance=_text(allowance / MB), region=region,
                                 daily=_text(trip.daily_gb))  # fmt: skip
                (fails if trip.daily_gb * MB > allowance else fits).add(reason)
    if trip.hotspot_gb > 0:
        _hotspot(plan, rules, answers, trip, away, fails, unknowns, fits)
    if trip.members > 1:
        sharing = answers.get((plan.pk, "family-sharing"))
        if sharing == "no":
            fails.add(_reason("no_sharing", members=trip.members))
        elif sharing in (None, "unknown"):
            unknowns.add(_reason("sharing_unknown"))
        else:
            members = _get(rules, "family-sharing.members")
            if members is None:
                unknowns.add(_reason("members_unknown"))
            elif trip.members > members:
                fails.add(_reason("members", allowed=int(members), members=trip.members))
            if away:
                roaming = _get(rules, "family-sharing.shares-roaming")
                if roaming is False:
                    fails.add(_reason("sharing_roaming", region=home))
                elif roaming is None:
                    unknowns.add(_reason("sharing_roaming_unknown"))
    status = "fail" if fails else "unconfirmed" if unknowns else "pass"
    return status, fails, unknowns, fits


def _hotspot(plan, rules, answers, trip, away, fails, unknowns, fits):
    support = answers.get((plan.pk, "hotspot"))
    if support == "no":
        fails.add(_reason("no_hotspot"))
        return
    if support in (None, "unknown"):
        unknowns.add(_reason("hotspot_unknown"))
        return
    for region in away:
        if _get(rules, "cross-border-data.hotspot", region, fallback=False) is False:
            fails.add(_reason("no_hotspot_in", region=region))
    caps = rules.get("hotspot.cap", {})
    places = [None] if any(region not in caps for region in trip.regions) else []
    places += [region for region in trip.regions if region in caps]
    total = trip.hotspot_gb * MB
    for region in places:
        cap = caps.get(region, caps.get(None)) if region else caps.get(None)
        if cap is None:
            if support == "limited":
                unknowns.add(_reason("hotspot_cap_unknown"))
            continue
        window = _get(rules, "hotspot.window", region)
        place = {"region": region} if region else {}
        daily = window in ("calendar-day", "rolling-24h")
        whole = window in ("validity", "billing-cycle")
        if not daily and not whole:  # not recorded: decide only where both readings agree
            if total <= cap:
                whole = True
            elif total > cap * trip.days:
                daily = True
            else:
                unknowns.add(_reason("hotspot_window_unknown", cap=_text(cap / MB), **place))
                continue
        if daily:
            reason = _reason("hotspot_daily", cap=_text(cap / MB), need=_text(trip.hotspot_gb / trip.days), **place)
            (fits if total <= cap * trip.days else fails).add(reason)
        else:
            reason = _reason("hotspot_total", cap=_text(cap / MB), need=_text(trip.hotspot_gb), **place)
            (fits if total <= cap else fails).add(reason)

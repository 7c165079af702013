"""The trip checker: which plans meet every need of a trip, which break a rule (and which), which cannot be told.

A trip is the places it visits (region slugs), its days, the data a day, the hotspot data over the whole trip and
the devices that must share. Candidates are the plans sold in one of those places or whose cross-border
destinations include one (two cached bitsets of the catalogue read model, through the plan list's own
declarations). Each candidate is judged on its facts and its feature rules (``RULES`` names the ones read):

- a rule it breaks is a *fail* reason, in plain words and numbers;
- a fact the trip needs that is not recorded (an unknown answer, a limited hotspot without its cap) is an
  *unknown*: such a plan is listed as "not confirmed", never as a pass;
- a cap it meets is a *fit*, shown with the pass ("capped at 1 GB a day in Mainland China; you need 0.7 GB a day").

Needs only ever add checks, so raising the data, hotspot or member need, or adding a place, never adds a pass
(tests/trips check this with Hypothesis). More days can: a daily hotspot cap fits a total spread over more days.

Reasons are ``Reason(code, params)``: the tests compare them with an independent computation, and ``text()``
says them in the active language.

``check()`` judges every candidate; pages use ``answer()``, which gives the same result for the plans a page shows
and the same counts while judging far fewer: a plan sold for fewer days than the trip, or with no data in one of
its places, or answering "no" to a hotspot or sharing the trip needs, fails whatever else holds. Those tests are
bitsets the read model caches and keeps exact (one per trip length, one per place, one per answer), so only the
plans that pass them all are judged, plus the first failing ones a page lists (in price order, as every list is).
A plan is judged only until its first failed need, which settles its group; the failing plans a page lists are
judged again in full. The tests hold ``answer()`` to ``check()``.

What one request judges is bounded: at most ``limit`` of those plans, the cheapest first. Past it the answer says
it is not complete: its counts are then lower bounds, and its first passes are still the cheapest ones, since
every plan left out costs more than every plan judged.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils.translation import gettext as _

from carriers import attributes, rules
from carriers.choices import Support

# The feature rules the checker reads, by key (``<feature>.<rule>``), and the features whose answers it reads.
HOTSPOT, CROSS_BORDER, SHARING = "hotspot", "cross-border-data", "family-sharing"
CAP, WINDOW = "hotspot.cap", "hotspot.window"
DESTINATIONS, DAILY_DATA, HOTSPOT_THERE = (
    "cross-border-data.destinations",
    "cross-border-data.daily-data",
    "cross-border-data.hotspot",
)
MEMBERS, SHARES_ROAMING = "family-sharing.members", "family-sharing.shares-roaming"
RULES = (CAP, WINDOW, DESTINATIONS, DAILY_DATA, HOTSPOT_THERE, MEMBERS, SHARES_ROAMING)
DAILY_WINDOWS = {"calendar-day", "rolling-24h"}
WHOLE_WINDOWS = {"validity", "billing-cycle"}
MB = rules.MB_PER_GB
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Trip:
    regions: tuple  # region slugs, in the reader's order, without repeats
    days: int
    daily_gb: Decimal = Decimal(0)
    hotspot_gb: Decimal = Decimal(0)
    members: int = 1


@dataclass(frozen=True)
class Reason:
    code: str
    params: tuple = ()  # (name, value) pairs: hashable, so the tests compare sets of reasons; ``describe`` says it


@dataclass
class Answer:
    """What a page shows: each group's first plans in price order, and how many each group holds."""

    passes: list
    unconfirmed: list
    fails: list
    counts: dict
    complete: bool = True  # False: more plans could fit than one request judges; the counts are lower bounds


@dataclass
class Verdict:
    position: int
    slug: str
    price_usd: Decimal
    days: int
    fails: list = field(default_factory=list)
    unknowns: list = field(default_factory=list)
    fits: list = field(default_factory=list)

    @property
    def status(self):
        return "fail" if self.fails else "unconfirmed" if self.unknowns else "pass"

    @property
    def price_per_day(self):
        return (self.price_usd / self.days).quantize(CENT, ROUND_HALF_UP)


def _home(facts):
    """The region slug a plan is sold in."""
    return facts.carrier.region.slug if facts.carrier and facts.carrier.region else None


def _positions(bits):
    # Through the binary text, not by shifting: shifting a 100,000-bit number once per plan copies it each time.
    flags = format(bits, "b")[::-1] if bits else ""
    return [index for index, flag in enumerate(flags) if flag == "1"]


def _reason(code, **params):
    return Reason(code, tuple(sorted(params.items())))


@lru_cache(maxsize=4096)  # the same few caps, allowances and needs, for each of up to TRIP_JUDGE_LIMIT plans
def plain(number):
    """A Decimal as a sentence shows it: at most two decimals, no trailing zeros, never "1E+1"."""
    return format(Decimal(number).quantize(CENT, ROUND_HALF_UP).normalize(), "f")


@lru_cache(maxsize=4096)
def gb(value_mb):
    """MB as GB for a sentence."""
    return plain(Decimal(value_mb) / MB)


class Checker:
    """Judges plans of one catalogue read model against trips."""

    def __init__(self, catalogue):
        self.catalogue = catalogue
        by_key = {rule.key: rule for rule in catalogue.rules}
        self.rules = {key: by_key.get(key) for key in RULES}
        self.pks = {key: getattr(rule, "pk", None) for key, rule in self.rules.items()}
        self.features = {feature.slug: feature for feature in catalogue.features}
        # Answers read straight from the read model's columns: the checker reads them for thousands of plans.
        self.columns = {slug: catalogue.support_column(feature.pk) for slug, feature in self.features.items()
                        if slug in (HOTSPOT, CROSS_BORDER, SHARING)}  # fmt: skip

    def candidates(self, trip):
        """Positions of plans sold in a place of the trip or going there across the border."""
        return _positions(self._candidate_bits(trip))

    def _candidate_bits(self, trip):
        model, bits = self.catalogue, 0
        region = attributes.PLAN_ATTRIBUTES[0]  # the plan list's region filter: its bitsets are shared
        for slug in trip.regions:
            bits |= region.bits(model, "region", slug)
        destinations = self.rules[DESTINATIONS]
        if destinations is not None:
            bits |= attributes.RuleFilter(destinations).bits(model, destinations.key, list(trip.regions))
        return bits & model.all_bits

    def check(self, trip):
        """Every candidate's verdict: the reference the tests compare ``answer()`` with."""
        return [self.judge(position, trip) for position in self.candidates(trip)]

    def answer(self, trip, shown, limit=None):
        """The first ``shown`` plans of each group in price order, and the groups' sizes (see the module docstring)."""
        model = self.catalogue
        candidates = self._candidate_bits(trip)
        possible = candidates & self._long_enough(trip.days) & ~self._failing_on_an_answer(trip)
        for region in trip.regions:
            possible &= self._not_without_data(region)
        total = possible.bit_count()
        if limit is not None and total > limit:
            positions = model.ordered_positions(possible, "price", limit)  # the cheapest first
        else:
            positions = _positions(possible)
        judged = [self.judge(position, trip, decisive=True) for position in positions]
        left_out = possible & ~model.bits_of(positions) if len(positions) < total else 0
        groups = {"pass": [], "unconfirmed": [], "fail": []}
        for verdict in judged:
            groups[verdict.status].append(verdict)
        for verdicts in groups.values():
            verdicts.sort(key=lambda verdict: (verdict.price_usd, verdict.slug))
        passing = model.bits_of(verdict.position for verdict in judged if verdict.status != "fail")
        failing = candidates & ~passing & ~left_out
        fails = [self.judge(position, trip) for position in model.ordered_positions(failing, "price", shown)]
        counts = {"pass": len(groups["pass"]), "fail": failing.bit_count(), "unconfirmed": len(groups["unconfirmed"])}
        return Answer(groups["pass"][:shown], groups["unconfirmed"][:shown], fails, counts, complete=not left_out)

    def _failing_on_an_answer(self, trip):
        """The bitset of plans that fail the trip on one answer alone: no hotspot when it needs one, no sharing for
        a group (as ``_hotspot`` and ``_sharing`` judge them). Their group is settled without judging them one by
        one, so the plans judged are those that could fit."""
        model, bits = self.catalogue, 0
        for slug, needed in ((HOTSPOT, trip.hotspot_gb > 0), (SHARING, trip.members > 1)):
            if needed and slug in self.features:
                bits |= model.support_bits(self.features[slug], [Support.NO])
        return bits

    def _long_enough(self, days):
        """Plans valid for at least ``days`` (one cached bitset per trip length)."""
        return self.catalogue.bits(("trip-validity", days), lambda plan: plan.validity_days >= days)

    def _not_without_data(self, region):
        """Plans that do not certainly lack data in ``region``: sold there, or ``_data_in`` is not False (the
        rule's key starts the cache key, so a change of rules drops it)."""
        model = self.catalogue

        def reaches(plan):
            if _home(plan) == region:
                return True
            position = model.live_position(plan.slug)
            return position is None or self._data_in(plan.rules or {}, position, region) is not False

        return model.bits(("rule", "trip-reaches", region, self.pks[DESTINATIONS]), reaches)

    def _data_in(self, values, position, region):
        """Whether the plan has data in ``region``, away from home: True, False, or None when not recorded."""
        destinations = self.value(values, DESTINATIONS)
        if destinations is not None:
            return region in destinations
        return False if self.support(position, CROSS_BORDER) == Support.NO else None

    def value(self, values, key, region=None, fallback=True):
        by_region = values.get(self.pks[key])
        if not by_region:
            return None
        if region is not None and region in by_region:
            return by_region[region]
        return by_region.get(None) if fallback else None

    def support(self, position, slug):
        column = self.columns.get(slug)
        if column is None:
            return None
        codes, decode = column
        return decode.get(codes[position])

    def judge(self, position, trip, decisive=False):
        """The plan's verdict on the trip: every reason, or with ``decisive`` only up to the first failed need
        (the verdict's status is then settled, and most judged plans fail)."""
        facts = self.catalogue.plans[position]
        values = facts.rules or {}
        home = _home(facts)
        verdict = Verdict(position, facts.slug, facts.price_usd, trip.days)
        away = [region for region in trip.regions if region != home]
        if facts.validity_days < trip.days:
            verdict.fails.append(_reason("validity", valid=facts.validity_days, days=trip.days))
        if not (decisive and verdict.fails):
            self._coverage(verdict, position, values, away)
        if not (decisive and verdict.fails):
            self._data(verdict, facts, values, trip, away)
        if trip.hotspot_gb > 0 and not (decisive and verdict.fails):
            self._hotspot(verdict, position, values, trip, away)
        if trip.members > 1 and not (decisive and verdict.fails):
            self._sharing(verdict, position, values, trip, away, home)
        return verdict

    def _coverage(self, verdict, position, values, away):
        for region in away:
            has_data = self._data_in(values, position, region)
            if has_data is False:
                verdict.fails.append(_reason("no_data_in", region=region))
            elif has_data is None:
                verdict.unknowns.append(_reason("coverage_unknown", region=region))

    def _data(self, verdict, facts, values, trip, away):
        if trip.daily_gb <= 0:
            return
        need = trip.daily_gb * trip.days
        if not facts.is_unlimited_data and facts.data_gb is not None and need > facts.data_gb:
            verdict.fails.append(_reason("data_total", data=plain(facts.data_gb), need=plain(need),
                                         daily=plain(trip.daily_gb), days=trip.days))  # fmt: skip
        for region in away:
            allowance = self.value(values, DAILY_DATA, region)
            if allowance is None:
                continue
            params = {"allowance": gb(allowance), "region": region, "daily": plain(trip.daily_gb)}
            target = verdict.fails if trip.daily_gb * MB > allowance else verdict.fits
            target.append(_reason("daily_allowance", **params))

    def _hotspot(self, verdict, position, values, trip, away):
        support = self.support(position, HOTSPOT)
        if support == Support.NO:
            verdict.fails.append(_reason("no_hotspot"))
            return
        if support in (None, Support.UNKNOWN):
            verdict.unknowns.append(_reason("hotspot_unknown"))
            return
        for region in away:
            if self.value(values, HOTSPOT_THERE, region, fallback=False) is False:
                verdict.fails.append(_reason("no_hotspot_in", region=region))
        cap_rule = self.rules[CAP]
        scoped = (values.get(cap_rule.pk, {}) if cap_rule else {}).keys() - {None}
        places = [region for region in trip.regions if region in scoped]
        if len(places) < len(trip.regions):
            places.insert(0, None)  # the cap that holds wherever no region has its own
        for region in places:
            cap = self.value(values, CAP, region)
            if cap is None:
                if support == Support.LIMITED:
                    verdict.unknowns.append(_reason("hotspot_cap_unknown"))
                continue
            self._cap(verdict, cap, self.value(values, WINDOW, region), trip, region)

    def _cap(self, verdict, cap, window, trip, region):
        total = trip.hotspot_gb * MB
        per_day = plain(trip.hotspot_gb / trip.days)
        place = {"region": region} if region else {}
        if window in DAILY_WINDOWS or (window is None and total > cap * trip.days):
            fits = total <= cap * trip.days
            reason = _reason("hotspot_daily", cap=gb(cap), need=per_day, **place)
        elif window in WHOLE_WINDOWS or (window is None and total <= cap):
            fits = total <= cap
            reason = _reason("hotspot_total", cap=gb(cap), need=plain(trip.hotspot_gb), **place)
        else:  # a cap that a total over the trip breaks, but a cap per day would not: which one is not recorded
            verdict.unknowns.append(_reason("hotspot_window_unknown", cap=gb(cap), **place))
            return
        (verdict.fits if fits else verdict.fails).append(reason)

    def _sharing(self, verdict, position, values, trip, away, home):
        support = self.support(position, SHARING)
        if support == Support.NO:
            verdict.fails.append(_reason("no_sharing", members=trip.members))
            return
        if support in (None, Support.UNKNOWN):
            verdict.unknowns.append(_reason("sharing_unknown"))
            return
        members = self.value(values, MEMBERS)
        if members is None:
            verdict.unknowns.append(_reason("members_unknown"))
        elif trip.members > members:
            verdict.fails.append(_reason("members", allowed=int(members), members=trip.members))
        if away:
            roaming = self.value(values, SHARES_ROAMING)
            if roaming is False:
                verdict.fails.append(_reason("sharing_roaming", region=home or ""))
            elif roaming is None:
                verdict.unknowns.append(_reason("sharing_roaming_unknown"))


def _place(with_region, without):
    return lambda p: (with_region() if p.get("region") else without()) % p


# Each reason's words, by code; ``p`` holds its numbers and the region's name.
TEXTS = {
    "validity": lambda p: _("valid for %(valid)s days; your trip is %(days)s days") % p,
    "no_data_in": lambda p: _("no data in %(region)s") % p,
    "coverage_unknown": lambda p: _("whether it works in %(region)s is not recorded") % p,
    "data_total": lambda p: _("%(data)s GB in total; you need %(need)s GB (%(daily)s GB a day for %(days)s days)")
    % p,
    "daily_allowance": lambda p: _("%(allowance)s GB a day in %(region)s; you need %(daily)s GB a day") % p,
    "no_hotspot": lambda p: _("no hotspot (tethering) allowed"),
    "hotspot_unknown": lambda p: _("whether it allows a hotspot is not recorded"),
    "no_hotspot_in": lambda p: _("no hotspot in %(region)s") % p,
    "hotspot_cap_unknown": lambda p: _("the hotspot is limited, but its cap is not recorded"),
    "hotspot_daily": _place(lambda: _("hotspot capped at %(cap)s GB a day in %(region)s; you need %(need)s GB a day"),
                            lambda: _("hotspot capped at %(cap)s GB a day; you need %(need)s GB a day")),
    "hotspot_total": _place(lambda: _("hotspot capped at %(cap)s GB in %(region)s for the plan; you need %(need)s GB"),
                            lambda: _("hotspot capped at %(cap)s GB for the plan; you need %(need)s GB")),
    "hotspot_window_unknown": _place(
        lambda: _("hotspot capped at %(cap)s GB in %(region)s, but not recorded whether a day or for the plan"),
        lambda: _("hotspot capped at %(cap)s GB, but not recorded whether a day or for the plan"),
    ),
    "no_sharing": lambda p: _("does not share its data; you need %(members)s devices") % p,
    "sharing_unknown": lambda p: _("whether it shares its data is not recorded"),
    "members_unknown": lambda p: _("how many devices can share is not recorded"),
    "members": lambda p: _("shares with %(allowed)s devices; you need %(members)s") % p,
    "sharing_roaming": lambda p: _("shared data works only in %(region)s") % p,
    "sharing_roaming_unknown": lambda p: _("whether shared data works outside its home region is not recorded"),
}  # fmt: skip


def describe(reason, region_names):
    """A reason in the active language, with its numbers."""
    p = dict(reason.params)
    if "region" in p:
        p["region"] = region_names.get(p["region"], p["region"])
    return TEXTS[reason.code](p)


def fit_text(reason, region_names):
    return _("%(reason)s — fits") % {"reason": describe(reason, region_names)}

"""Fill the benchmark database: 8 regions, 40 carriers, BENCH_FEATURES features (15), BENCH_PLANS plans (2,000),
one row per plan and feature, and the feature rules the trip checker reads (a hotspot cap on every second plan,
its window on every third, cross-border destinations on every fourth, a daily allowance there on every eighth,
sharing members on every fifth). Features 0, 3 and 4 carry the slugs the checker reads."""

import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "esimguide.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from carriers.currency import to_usd  # noqa: E402
from carriers.models import (  # noqa: E402
    Carrier,
    Feature,
    FeatureAttribute,
    Plan,
    PlanAttribute,
    PlanFeature,
    Region,
)

REGIONS, CARRIERS = 8, 40
FEATURES = int(os.environ.get("BENCH_FEATURES", "15"))
PLANS = int(os.environ.get("BENCH_PLANS", "2000"))
SUPPORTS = ["yes", "limited", "no", "yes", "unknown"]
CHECKER_SLUGS = {0: "hotspot", 3: "cross-border-data", 4: "family-sharing"}  # trips/checker.py reads these
WINDOWS = "calendar-day | 每个日历日 | a day\nvalidity | 整个有效期 | for the plan"
CURRENCIES = ["HKD", "USD", "PKR", "JPY", "CNY", "MOP", "EUR", "GBP"]


@transaction.atomic
def seed():
    PlanAttribute.objects.all().delete()
    FeatureAttribute.objects.all().delete()
    PlanFeature.objects.all().delete()
    Plan.objects.all().delete()
    Carrier.objects.all().delete()
    Feature.objects.all().delete()
    Region.objects.all().delete()
    regions = Region.objects.bulk_create(
        Region(slug=f"r{i}", code=f"Q{chr(65 + i)}", name_en=f"Region {i}", name_zh_hans=f"地区{i}")
        for i in range(REGIONS)
    )
    carriers = Carrier.objects.bulk_create(
        Carrier(region=regions[i % REGIONS], slug=f"c{i}", name_en=f"Carrier {i}", name_zh_hans=f"运营商{i}")
        for i in range(CARRIERS)
    )
    features = Feature.objects.bulk_create(
        Feature(slug=CHECKER_SLUGS.get(i, f"f{i}"), name_en=f"Feature {i}", name_zh_hans=f"功能{i}", display_order=i,
                unit_en="GB" if i % 3 == 0 else "", unit_zh_hans="GB" if i % 3 == 0 else "")
        for i in range(FEATURES)
    )  # fmt: skip
    plans = []
    for i in range(PLANS):
        currency = CURRENCIES[i % len(CURRENCIES)]
        price = Decimal(5 + (i * 7) % 300)
        unlimited = i % 11 == 0
        plans.append(
            Plan(carrier=carriers[i % CARRIERS], slug=f"p{i}", name_en=f"Plan {i}", name_zh_hans=f"计划{i}",
                 data_gb=None if unlimited else Decimal(1 + i % 100), is_unlimited_data=unlimited,
                 validity_days=1 + i % 60, price=price, currency=currency, price_usd=to_usd(price, currency),
                 is_5g=i % 2 == 0, plan_type=["prepaid", "postpaid", "travel", "data-only"][i % 4])
        )  # fmt: skip
    plans = Plan.objects.bulk_create(plans)
    rows = (
        PlanFeature(plan=plan, feature=feature, support=SUPPORTS[(i + j) % 5],
                    value=Decimal((i + j) % 30) if feature.unit_en else None,
                    note_en=f"Note {i}-{j}", note_zh_hans=f"备注{i}-{j}", verified_on=f"2026-{1 + (i + j) % 11:02d}-15",
                    source_url="https://example.com/terms")
        for i, plan in enumerate(plans) for j, feature in enumerate(features)
    )  # fmt: skip
    PlanFeature.objects.bulk_create(rows, batch_size=5000)
    seed_rules(features, regions, plans)
    print(f"seeded {len(regions)} regions, {len(carriers)} carriers, {len(features)} features, {len(plans)} plans")


def seed_rules(features, regions, plans):
    hotspot, cross, sharing = features[0], features[3 % len(features)], features[4 % len(features)]
    rule = {
        key: FeatureAttribute.objects.create(feature=feature, slug=slug, label_en=slug, label_zh_hans=slug, kind=kind,
                                             options=WINDOWS if kind == "choice" else "")
        for key, feature, slug, kind in [("cap", hotspot, "cap", "data"), ("window", hotspot, "window", "choice"),
                                         ("destinations", cross, "destinations", "regions"),
                                         ("daily", cross, "daily-data", "data"), ("members", sharing, "members", "number")]
    }  # fmt: skip
    values = []
    for i, plan in enumerate(plans):
        near = [regions[(i + 1) % REGIONS], regions[(i + 2) % REGIONS]]
        if i % 2 == 0:
            values.append(PlanAttribute(plan=plan, attribute=rule["cap"], number=Decimal(1024 * (1 + i % 10))))
        if i % 3 == 0:
            values.append(PlanAttribute(plan=plan, attribute=rule["window"], text=["calendar-day", "validity"][i % 2]))
        if i % 4 == 0:
            text = ",".join(sorted(region.slug for region in near))
            values.append(PlanAttribute(plan=plan, attribute=rule["destinations"], text=text))
        if i % 8 == 0:
            values.append(PlanAttribute(plan=plan, attribute=rule["daily"], region=near[0], number=Decimal(1024)))
        if i % 5 == 0:
            values.append(PlanAttribute(plan=plan, attribute=rule["members"], number=Decimal(1 + i % 5)))
    PlanAttribute.objects.bulk_create(values, batch_size=5000)


if __name__ == "__main__":
    seed()

"""Catalogue engines compared on one seeded PostgreSQL database (issue 16): what answering the plan list costs.

Usage: .venv/bin/python bench/engines.py [--database-url URL] [--plans 2000] [--features 25] [--requests 40]

Without --database-url it makes and seeds `esimguide_bench` as bench/run.py does (100,000 plans take about 8
minutes to seed); with it, it measures the database as it is (seeded by bench/seed.py).

Each engine answers the same work per request, in-process, for never-seen queries (a price bound that changes
every request): the number of matching plans, the first page of 50 in price order, and the count of every facet
option (regions, carriers, plan types, network, each feature's answers) with every other filter applied.

(a) the in-process columns the site uses (carriers/read_model): build time, memory (resident, before and after
    the build), and time per request through ``PlanSearch``;
(b) a denormalised search table in PostgreSQL (one row per plan, a column per feature's answer; kept by triggers in
    a real deployment: here made once with CREATE TABLE AS), answered by SQL: the facets by conditional aggregates
    (one statement), with and without indexes on the filtered columns, and by GROUPING SETS (one scan for the
    groups no filter names, one GROUP BY per filtered group);
(c) a hybrid: PostgreSQL answers the count and the page (indexes), the facets come from (a)'s bitsets.

Prints one line per engine and query: median and 95th percentile milliseconds, and the figures above.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after the project: bench/search.py is not the search app

from run import prepare, setup_in_process  # noqa: E402

QUERIES = {
    "no filter": {},
    "3 filters": {"region": ["r1"], "f1": ["yes"], "f2": ["yes", "limited"]},
}
SUPPORT_CODES = {"yes": 1, "limited": 2, "no": 3, "unknown": 4}


def resident_mb():
    return int(Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0]) / 1024


def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def engine_a(requests):
    from django.http import QueryDict
    from django.utils import translation

    from carriers.selectors import PlanSearch

    for code in ("zh-hans", "zh-hant", "en"):  # what every request loads anyway, so "before" holds it
        with translation.override(code):
            str(PlanSearch.__doc__)
    before = resident_mb()
    started = time.perf_counter()
    with translation.override("en"):
        search = PlanSearch(data=QueryDict())
        search.facets()
        search.catalogue.order(search.filterset.current_sort())
    built, after = time.perf_counter() - started, resident_mb()
    print(f"(a) in-process columns: built in {built:.1f} s; resident {before:.0f} -> {after:.0f} MB "
          f"(+{after - before:.0f} MB)")  # fmt: skip
    for label, filters in QUERIES.items():
        samples = []
        for i in range(requests):
            data = QueryDict(mutable=True)
            for name, values in filters.items():
                data.setlist(name, values)
            data["price_max"] = str(100000 + i)
            data["sort"] = "price"
            started = time.perf_counter()
            with translation.override("en"):
                search = PlanSearch(data=data)
                results = search.results()
                count, page = len(results), results[:50]
                search.facets()
            samples.append((time.perf_counter() - started) * 1000)
            assert count >= len(page)
        p50, p95 = percentiles(samples)
        print(f"(a) {label:10} count {count:>6}: p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
    return search


def make_table(cursor, features):
    columns = ", ".join(
        f"max(CASE pf.support WHEN 'yes' THEN 1 WHEN 'limited' THEN 2 WHEN 'no' THEN 3 WHEN 'unknown' THEN 4 END) "
        f"FILTER (WHERE pf.feature_id = {pk}) AS f_{pk}"
        for pk in features
    )
    cursor.execute("DROP TABLE IF EXISTS bench_plan_search")
    started = time.perf_counter()
    cursor.execute(
        f"CREATE TABLE bench_plan_search AS SELECT p.id, p.slug, p.price_usd, p.is_5g, p.plan_type, p.carrier_id, "  # noqa: S608
        f"c.region_id, {columns} FROM carriers_plan p JOIN carriers_carrier c ON c.id = p.carrier_id "
        "LEFT JOIN carriers_planfeature pf ON pf.plan_id = p.id WHERE p.is_active GROUP BY p.id, c.region_id"
    )
    cursor.execute("ANALYZE bench_plan_search")
    cursor.execute("SELECT pg_total_relation_size('bench_plan_search')")
    size = cursor.fetchone()[0] / 1024 / 1024
    print(f"(b) search table: made in {time.perf_counter() - started:.1f} s, {size:.0f} MB in PostgreSQL")


def where_clause(filters, ids, without=None):
    parts, params = [], []
    for name, values in filters.items():
        if name in (without, "price"):
            continue
        if name == "region":
            parts.append("region_id = ANY(%s)")
            params.append([ids["region"][value] for value in values])
        else:
            parts.append(f"f_{ids['feature'][name]} = ANY(%s)")
            params.append([SUPPORT_CODES[value] for value in values])
    if without != "price":
        parts.append("price_usd <= %s")
        params.append(filters.get("price", 0))
    return " AND ".join(parts) or "TRUE", params


def facet_sql(filters, ids):
    """One statement: every facet option's count, each with every other filter (conditional aggregates)."""
    expressions, params = [], []
    groups = [("region", "region_id", ids["region"].values()), ("carrier", "carrier_id", ids["carrier"].values()),
              ("type", "plan_type", ids["types"]), ("network", "is_5g", [True, False])]  # fmt: skip
    for slug, pk in ids["feature"].items():
        groups.append((slug, f"f_{pk}", [1, 2, 3]))
    for name, column, values in groups:
        where, where_params = where_clause(filters, ids, without=name)
        for value in values:
            expressions.append(f"count(*) FILTER (WHERE {where} AND {column} = %s)")
            params.extend([*where_params, value])
    return f"SELECT {', '.join(expressions)} FROM bench_plan_search", params  # noqa: S608


def facet_groups(ids):
    groups = [("region", "region_id"), ("carrier", "carrier_id"), ("type", "plan_type"), ("network", "is_5g")]
    return groups + [(slug, f"f_{pk}") for slug, pk in ids["feature"].items()]


def grouped_facets(cursor, filters, ids):
    """The same counts from one GROUPING SETS scan for the groups no filter names (they share the whole WHERE),
    and one GROUP BY per filtered group (its WHERE leaves out its own filter)."""
    groups = facet_groups(ids)
    free = [column for name, column in groups if name not in filters]
    where, params = where_clause(filters, ids)
    sets = ", ".join(f"({column})" for column in free)
    cursor.execute(
        f"SELECT {', '.join(free)}, count(*) FROM bench_plan_search WHERE {where} GROUP BY GROUPING SETS ({sets})",  # noqa: S608
        params,
    )
    cursor.fetchall()
    for name, column in groups:
        if name in filters:
            where, params = where_clause(filters, ids, without=name)
            cursor.execute(f"SELECT {column}, count(*) FROM bench_plan_search WHERE {where} GROUP BY {column}", params)  # noqa: S608
            cursor.fetchall()


def engine_b(connection, ids, requests, label_suffix, grouped=False):
    for label, filters in QUERIES.items():
        samples, facet_samples = [], []
        for i in range(requests):
            query = {**filters, "price": 100000 + i}
            where, params = where_clause(query, ids)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM bench_plan_search WHERE {where}", params)  # noqa: S608
                count = cursor.fetchone()[0]
                cursor.execute(
                    f"SELECT id FROM bench_plan_search WHERE {where} ORDER BY price_usd, slug LIMIT 50",  # noqa: S608
                    params,
                )
                cursor.fetchall()
                page_done = time.perf_counter()
                if grouped:
                    grouped_facets(cursor, query, ids)
                else:
                    sql, facet_params = facet_sql(query, ids)
                    cursor.execute(sql, facet_params)
                    cursor.fetchone()
            done = time.perf_counter()
            samples.append((done - started) * 1000)
            facet_samples.append((done - page_done) * 1000)
        p50, p95 = percentiles(samples)
        f50, _f95 = percentiles(facet_samples)
        print(f"(b{label_suffix}) {label:10} count {count:>6}: p50 {p50:7.1f} ms  p95 {p95:7.1f} ms "
              f"(facets alone p50 {f50:.1f} ms)")  # fmt: skip


def engine_c(connection, ids, requests):
    """PostgreSQL for the count and the page, the in-process bitsets for the facets."""
    from django.http import QueryDict
    from django.utils import translation

    from carriers.selectors import PlanSearch

    for label, filters in QUERIES.items():
        samples = []
        for i in range(requests):
            query = {**filters, "price": 100000 + i}
            where, params = where_clause(query, ids)
            data = QueryDict(mutable=True)
            for name, values in filters.items():
                data.setlist(name, values)
            data["price_max"] = str(100000 + i)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM bench_plan_search WHERE {where}", params)  # noqa: S608
                cursor.fetchone()
                cursor.execute(
                    f"SELECT id FROM bench_plan_search WHERE {where} ORDER BY price_usd, slug LIMIT 50",  # noqa: S608
                    params,
                )
                cursor.fetchall()
            with translation.override("en"):
                PlanSearch(data=data).facets()
            samples.append((time.perf_counter() - started) * 1000)
        p50, p95 = percentiles(samples)
        print(f"(c) {label:10}: p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a database bench/seed.py filled (default: seed esimguide_bench)")
    parser.add_argument("--plans", type=int, default=2000)
    parser.add_argument("--features", type=int, default=25)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    url = args.database_url
    if url is None:
        url = prepare("postgres", args.plans, args.features, "local")["DATABASE_URL"]
    setup_in_process(url, PAGE_CACHE_REVISION_FEED="false")
    from django.db import connection

    from carriers.models import Carrier, Feature, Plan, Region

    ids = {
        "region": {region.slug: region.pk for region in Region.objects.all()},
        "carrier": {carrier.slug: carrier.pk for carrier in Carrier.objects.all()},
        "feature": {feature.slug: feature.pk for feature in Feature.objects.filter(is_filterable=True)},
        "types": [value for value, _label in Plan._meta.get_field("plan_type").choices],
    }
    print(f"{Plan.objects.filter(is_active=True).count()} plans, {len(ids['feature'])} filterable features; "
          f"{args.requests} never-seen queries each")  # fmt: skip
    engine_a(args.requests)
    with connection.cursor() as cursor:
        make_table(cursor, ids["feature"].values())
    engine_b(connection, ids, args.requests, "")
    with connection.cursor() as cursor:
        for column in ["region_id", "carrier_id", "price_usd", *(f"f_{pk}" for pk in ids["feature"].values())]:
            cursor.execute(f"CREATE INDEX ON bench_plan_search ({column})")
        cursor.execute("ANALYZE bench_plan_search")
    engine_b(connection, ids, args.requests, ", indexed")
    engine_b(connection, ids, args.requests, ", indexed, grouping sets", grouped=True)
    engine_c(connection, ids, args.requests)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plan_search")


if __name__ == "__main__":
    main()

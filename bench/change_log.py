"""What the change log's triggers cost a write (carriers migration 0013), on a seeded benchmark database.

    .venv/bin/python bench/change_log.py [--database-url postgres://postgres@127.0.0.1:5432/esimguide_bench]

Every write is rolled back, so the database is left as it was. Prints: one UPDATE of every answer (the triggers
log one row per changed fact), then single-answer saves on the same connection right after it (where a cached
plan made for the bulk statement would show), as a median of 200.
"""

import argparse
import statistics
import time

import psycopg


def rolled_back(conn, sql, params=()):
    """Seconds ``sql`` took, triggers included, in a transaction that is then rolled back."""
    started = time.perf_counter()
    with conn.transaction():
        conn.execute(sql, params)
        raise psycopg.Rollback()  # the transaction block ends on it and rolls back
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/esimguide_bench")
    args = parser.parse_args()
    with psycopg.connect(args.database_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        answers = conn.execute("SELECT count(*) FROM carriers_planfeature").fetchone()[0]
        ids = [row[0] for row in conn.execute("SELECT id FROM carriers_planfeature ORDER BY id LIMIT 200")]
        bulk = min(
            rolled_back(conn, "UPDATE carriers_planfeature SET value = coalesce(value, 0) + 1") for _ in range(3)
        )
        single = statistics.median(
            rolled_back(conn, "UPDATE carriers_planfeature SET value = coalesce(value, 0) + 1 WHERE id = %s", [pk])
            for pk in ids
        )
    print(f"one UPDATE of all {answers:,} answers: {bulk * 1000:,.0f} ms (best of 3)")
    print(f"one answer saved, right after it on the same connection: {single * 1000:.2f} ms (median of {len(ids)})")


if __name__ == "__main__":
    main()

"""The same orders in PostgreSQL and DuckDB: an analytical query and point lookups, timed in both.

Usage: python compare.py [ROWS] [RUNS] [LOOKUPS]   (PostgreSQL from the PG* variables)

Each engine gets one core (no parallel workers in PostgreSQL, one thread in DuckDB), so the
comparison is of storage layout and execution, not of parallelism.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import psycopg

from orders import copy_to_duckdb, duckdb_file_bytes, load_postgresql

# ANCHOR: report
REPORT = """
SELECT region,
       date_trunc('month', created_at) AS month,
       count(*)          AS orders,
       sum(amount_cents) AS revenue_cents
FROM orders
WHERE status <> 'cancelled'
GROUP BY region, month
ORDER BY region, month
"""
# ANCHOR_END: report

PG_LOOKUP = "SELECT * FROM orders WHERE id = %s"
DUCK_LOOKUP = "SELECT * FROM orders WHERE id = ?"
# Where DuckDB's lookup time goes: the same lookup returning one column, and a query that reads no
# table at all (what any statement costs DuckDB, from parsing to the result).
DUCK_LOOKUP_ONE_COLUMN = "SELECT amount_cents FROM orders WHERE id = ?"
DUCK_NO_TABLE = "SELECT ?"


def timed(run, times: int) -> list[float]:
    """Milliseconds of each of ``times`` calls of ``run``."""
    spent = []
    for _ in range(times):
        began = time.perf_counter()
        run()
        spent.append((time.perf_counter() - began) * 1000)
    return spent


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, round(p / 100 * len(ordered) + 0.5) - 1)]


def main(rows: int, runs: int, lookups: int) -> None:
    with psycopg.connect(autocommit=True) as pg, tempfile.TemporaryDirectory() as folder:
        load_postgresql(pg, rows)
        duck_path = Path(folder) / "orders.duckdb"
        duck = duckdb.connect(str(duck_path))
        copied = copy_to_duckdb(pg, duck)
        version = pg.execute("SHOW server_version").fetchone()[0].split()[0]
        table_mb, index_mb = (b / 2**20 for b in pg.execute(
            "SELECT pg_table_size('orders'), pg_indexes_size('orders')").fetchone())
        print(f"rows: {copied:,}")
        print(f"PostgreSQL {version}: table {table_mb:.1f} MB, primary key {index_mb:.1f} MB")
        print(f"DuckDB {duckdb.__version__}: database file {duckdb_file_bytes(duck_path) / 2**20:.1f} MB")

        # ANCHOR: one_core
        pg.execute("SET max_parallel_workers_per_gather = 0")
        duck.execute("SET threads = 1")
        # ANCHOR_END: one_core
        pg_answer = pg.execute(REPORT).fetchall()
        duck_answer = duck.execute(REPORT).fetchall()
        same = [(r, m, int(o), int(s)) for r, m, o, s in pg_answer] == \
               [(r, m, int(o), int(s)) for r, m, o, s in duck_answer]
        print(f"same answer: {'yes' if same else 'NO'} ({len(pg_answer)} groups)")

        # Alternate the engines, so that a burst of load on the machine hits both.
        pg_ms, duck_ms = [], []
        for _ in range(runs):
            pg_ms += timed(lambda: pg.execute(REPORT).fetchall(), 1)
            duck_ms += timed(lambda: duck.execute(REPORT).fetchall(), 1)
        print(f"analytical query, one core each, best / median of {runs} runs:")
        print(f"  PostgreSQL {min(pg_ms):9.1f} / {statistics.median(pg_ms):9.1f} ms")
        print(f"  DuckDB     {min(duck_ms):9.1f} / {statistics.median(duck_ms):9.1f} ms")

        ids = random.Random(42).choices(range(1, rows + 1), k=lookups)
        pg_lookup, duck_lookup, duck_one, duck_none = [], [], [], []
        for block in range(0, lookups, 250):  # blocks of 250 lookups, the engines alternating
            for i in ids[block:block + 250]:
                pg_lookup += timed(lambda: pg.execute(PG_LOOKUP, (i,), prepare=True).fetchone(), 1)
            for i in ids[block:block + 250]:
                duck_lookup += timed(lambda: duck.execute(DUCK_LOOKUP, (i,)).fetchone(), 1)
            for i in ids[block:block + 250]:
                duck_one += timed(lambda: duck.execute(DUCK_LOOKUP_ONE_COLUMN, (i,)).fetchone(), 1)
                duck_none += timed(lambda: duck.execute(DUCK_NO_TABLE, (i,)).fetchone(), 1)
        print(f"point lookup by id, {lookups:,} lookups, p50 / p99:")
        print(f"  PostgreSQL {percentile(pg_lookup, 50):9.3f} / {percentile(pg_lookup, 99):9.3f} ms")
        print(f"  DuckDB     {percentile(duck_lookup, 50):9.3f} / {percentile(duck_lookup, 99):9.3f} ms")
        print(f"DuckDB, p50: the lookup of one column {percentile(duck_one, 50):.3f} ms, "
              f"a query that reads no table {percentile(duck_none, 50):.3f} ms")
        duck.close()


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*(args + [1_000_000, 5, 2000][len(args):]))

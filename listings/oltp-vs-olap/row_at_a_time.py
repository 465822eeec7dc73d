"""Changes into DuckDB one row at a time, and the same rows as one file.

Usage: python row_at_a_time.py [ROWS]   (DuckDB in memory; no PostgreSQL)

Both tables have the orders schema and its primary key, and both writes are upserts
(INSERT OR REPLACE), as a CDC consumer's apply is.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from orders import DUCK_SCHEMA

COLUMNS = {"id": "BIGINT", "customer_id": "INTEGER", "created_at": "TIMESTAMP", "status": "VARCHAR",
           "region": "VARCHAR", "amount_cents": "BIGINT", "note": "VARCHAR"}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rows = [(i, 7, "2026-01-13 09:00:00", "placed", "eu-west", 4200 + i, "") for i in range(1, n + 1)]
    one, batch = duckdb.connect(), duckdb.connect()
    for duck in (one, batch):
        duck.execute(DUCK_SCHEMA)

    # ANCHOR: row_at_a_time
    start = time.perf_counter()
    one.executemany("INSERT OR REPLACE INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    many_s = time.perf_counter() - start

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.csv"
        with path.open("w", newline="") as out:
            csv.writer(out).writerows(rows)
        batch.execute(f"INSERT OR REPLACE INTO orders SELECT * FROM read_csv('{path}', header = false, "
                      f"nullstr = '\\N', columns = {COLUMNS!r})")
    file_ms = (time.perf_counter() - start) * 1000
    # ANCHOR_END: row_at_a_time

    query = "SELECT count(*), sum(amount_cents) FROM orders"
    same = one.execute(query).fetchone() == batch.execute(query).fetchone() == (n, sum(r[5] for r in rows))
    print(f"upserting {n:,} orders into DuckDB {duckdb.__version__}:")
    print(f"  executemany, one row at a time  {many_s:8.2f} s  ({many_s * 1000 / n:.2f} ms a row)")
    print(f"  one CSV file, one INSERT        {file_ms:8.1f} ms (writing the file included)")
    print(f"same rows in both: {'yes' if same else 'no'}")


if __name__ == "__main__":
    main()

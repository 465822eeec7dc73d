"""Print the sizes and counts the chapter quotes, measured on a throwaway PostgreSQL 18 server.

Run from the repository root: .venv/bin/python listings/postgresql-performance/figures.py
Nothing here is asserted; the tests check the claims, this script gives the figures.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]  # the repository (tools.listings) and this folder

import psycopg  # noqa: E402

from shop_data import load_shop  # noqa: E402
from plan_checks import query, run, section, statements  # noqa: E402
from tools.listings.postgres18 import postgres18  # noqa: E402

SIZE = "SELECT pg_size_pretty(pg_relation_size(%s::regclass))"


def size(conn: psycopg.Connection, relation: str) -> str:
    return conn.execute(SIZE, (relation,)).fetchone()[0]


def table_space(conn: psycopg.Connection) -> tuple:
    *setup, report = statements(section("bloat.sql", "table_space"))
    for statement in setup:
        conn.execute(statement)
    return conn.execute(report).fetchone()


def fresh_shop(server) -> psycopg.Connection:
    """A new database on `server` with the chapter's data loaded."""
    conn = psycopg.connect(server.dsn(server.create_database("figures")), autocommit=True)
    started = time.perf_counter()
    load_shop(conn)
    print(f"load and analyze: {time.perf_counter() - started:.1f} s")
    return conn


def indexes_and_dead_rows(conn: psycopg.Connection) -> None:
    print("orders table:", size(conn, "orders"), "| primary key:", size(conn, "orders_pkey"))
    for anchor, index in [("customer_fk", "orders_customer_id_idx"),
                          ("status_created", "orders_status_created_idx"),
                          ("pending_partial", "orders_pending_created_idx"),
                          ("spend_covering", "orders_customer_spend_idx")]:
        started = time.perf_counter()
        run(conn, "indexes.sql", anchor)
        print(f"{index}: {size(conn, index)}, built in {time.perf_counter() - started:.1f} s")

    shipped = conn.execute("UPDATE orders SET status = 'delivered' WHERE status = 'shipped'").rowcount
    conn.execute("SELECT pg_stat_force_next_flush()")
    print(f"updated {shipped} rows; (table, live, dead, threshold, over threshold):")
    for row in conn.execute(query("vacuum_health.sql", "dead_tuples")):
        print("   ", row[:5])


def retention(conn: psycopg.Connection) -> None:
    """The bloat section's scenario, on the table as loaded (as its test runs it)."""
    deleted = conn.execute(query("bloat.sql", "retention_delete")).rowcount
    print(f"retention delete: {deleted} rows")
    conn.execute("VACUUM orders")
    print("after VACUUM (size, live %, dead %, free %):", table_space(conn))
    started = time.perf_counter()
    conn.execute("VACUUM FULL orders")
    print(f"after VACUUM FULL ({time.perf_counter() - started:.1f} s):", table_space(conn))


def main() -> None:
    with postgres18() as server:
        with fresh_shop(server) as conn:
            print(conn.execute("SELECT version()").fetchone()[0])
            indexes_and_dead_rows(conn)
        with fresh_shop(server) as conn:
            retention(conn)


if __name__ == "__main__":
    main()

"""Send two hostile e-mail addresses and a hostile sort key to both versions of orders_for, on a
fresh PostgreSQL 18 database, and print what each version did.

The record injection is this script's output (`make listings` gives it the database in
DATABASE_URL); records.toml states the claims the post makes about it.
"""

import os
import sys
from pathlib import Path

import psycopg

import orders
import orders_plausible

# ANCHOR: inputs
ALWAYS_TRUE = "' OR '1'='1"  # closes the string and adds a condition that holds for every row
STACKED = "'; DROP TABLE orders; --"  # closes the statement and starts another
HOSTILE_SORT = "(SELECT pg_sleep(10))"  # an expression where a column name belongs
# ANCHOR_END: inputs


def orders_table_exists(conn: psycopg.Connection) -> bool:
    return conn.execute("SELECT to_regclass('orders') IS NOT NULL").fetchone()[0]


def main(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute((Path(__file__).parent / "schema.sql").read_text())
        total = conn.execute("SELECT count(*) FROM orders").fetchone()[0]

        leaked = orders_plausible.orders_for(conn, ALWAYS_TRUE)
        print(f"plausible, email={ALWAYS_TRUE!r}: {len(leaked)} of {total} rows")
        print(f"fixed,     email={ALWAYS_TRUE!r}: {len(orders.orders_for(conn, ALWAYS_TRUE))} of {total} rows")
        rows = orders.orders_for(conn, STACKED)
        print(f"fixed,     email={STACKED!r}: {len(rows)} rows, orders table exists: {orders_table_exists(conn)}")
        try:
            orders.orders_for(conn, "ann@example.com", sort=HOSTILE_SORT)
            print(f"fixed,     sort={HOSTILE_SORT!r}: accepted")
        except ValueError:
            print(f"fixed,     sort={HOSTILE_SORT!r}: ValueError before any SQL is sent")

        # Last, because it destroys the table: psycopg sends a query without parameters as one
        # simple-protocol message, and the server runs every statement in it.
        orders_plausible.orders_for(conn, STACKED)
        print(f"plausible, email={STACKED!r}: orders table exists: {orders_table_exists(conn)}")


if __name__ == "__main__":
    if "DATABASE_URL" not in os.environ:
        sys.exit("injection.py needs PostgreSQL 18: run it through `make listings`, which sets DATABASE_URL")
    main(os.environ["DATABASE_URL"])

"""One orders table, twice: in PostgreSQL 18 (a row store) and in DuckDB (a column store).

The rows are made once, in PostgreSQL, and copied to DuckDB through a CSV file, so both engines
answer the same questions over exactly the same data.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import psycopg

# ANCHOR: schema
PG_SCHEMA = """
CREATE TABLE orders (
    id          bigint PRIMARY KEY,
    customer_id integer   NOT NULL,
    created_at  timestamp NOT NULL,   -- UTC
    status      text      NOT NULL,   -- placed, paid, shipped, cancelled
    region      text      NOT NULL,
    amount_cents bigint   NOT NULL,
    note        text      NOT NULL    -- what a checkout form collects; mostly empty
)
"""

DUCK_SCHEMA = """
CREATE TABLE orders (
    id          BIGINT PRIMARY KEY,
    customer_id INTEGER   NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    status      VARCHAR   NOT NULL,
    region      VARCHAR   NOT NULL,
    amount_cents BIGINT   NOT NULL,
    note        VARCHAR   NOT NULL
)
"""
# ANCHOR_END: schema

# Deterministic rows: every figure of the row count is the same on every run.
PG_FILL = """
INSERT INTO orders
SELECT i,
       1 + mod(i * 7919, 50000),
       timestamp '2025-01-01' + mod(i, 525600) * interval '1 minute',
       (ARRAY['placed', 'paid', 'paid', 'shipped', 'shipped', 'shipped', 'cancelled'])[1 + mod(i, 7)],
       (ARRAY['eu-west', 'eu-central', 'us-east', 'us-west', 'ap-south', 'ap-east', 'sa-east', 'af-south'])[1 + mod(i / 7, 8)],
       100 + mod(i * 104729, 50000),
       CASE WHEN mod(i, 5) = 0 THEN 'leave the parcel with the neighbour at number ' || mod(i, 97) ELSE '' END
FROM generate_series(1, %s::bigint) AS i
"""


def load_postgresql(conn: psycopg.Connection, rows: int) -> None:
    """Create and fill the orders table, then VACUUM (ANALYZE) it, as a loaded OLTP table would be."""
    conn.execute("DROP TABLE IF EXISTS orders")
    conn.execute(PG_SCHEMA)
    conn.execute(PG_FILL, (rows,))
    conn.execute("VACUUM (ANALYZE) orders")


def copy_to_duckdb(conn: psycopg.Connection, duck: duckdb.DuckDBPyConnection) -> int:
    """Copy PostgreSQL's orders into DuckDB's, through a CSV file; return the rows copied."""
    duck.execute("DROP TABLE IF EXISTS orders")
    duck.execute(DUCK_SCHEMA)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "orders.csv"
        with path.open("wb") as out, conn.cursor().copy(
            "COPY (SELECT * FROM orders ORDER BY id) TO STDOUT (FORMAT csv, NULL '\\N')"
        ) as copy:
            for chunk in copy:
                out.write(chunk)
        duck.execute(f"COPY orders FROM '{path}' (FORMAT csv, HEADER false, NULLSTR '\\N')")
    duck.execute("CHECKPOINT")
    return duck.execute("SELECT count(*) FROM orders").fetchone()[0]


def duckdb_file_bytes(path: Path) -> int:
    """The size of a DuckDB database on disk: its file and its write-ahead log, if any."""
    wal = Path(str(path) + ".wal")
    return os.path.getsize(path) + (os.path.getsize(wal) if wal.exists() else 0)

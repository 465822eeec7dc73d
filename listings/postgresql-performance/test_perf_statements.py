"""pg_stat_statements finds the statement to fix, and shows the fix worked.

The extension must be loaded at server start (shared_preload_libraries): the server `make listings`
starts preloads it, and the test creates the extension in its own copy of the shop.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from psycopg.rows import dict_row

from plan_checks import query, run

TOP_STATEMENTS = query("top_statements.sql", "top_statements")
RECENT_ORDERS = query("queries.sql", "recent_orders")
ORDER_BY_ID = "SELECT * FROM orders WHERE order_id = %s"


@pytest.fixture
def stats_conn(shop: psycopg.Connection, pg_dsn: str) -> Iterator[psycopg.Connection]:
    shop.execute("CREATE EXTENSION pg_stat_statements")
    with psycopg.connect(pg_dsn, autocommit=True, row_factory=dict_row) as conn:
        yield conn


def workload(conn: psycopg.Connection) -> None:
    """What the application does: a few account pages, many order lookups."""
    for _ in range(5):
        conn.execute(RECENT_ORDERS)
    for order_id in range(1, 201):
        conn.execute(ORDER_BY_ID, (order_id,))


def top(conn: psycopg.Connection) -> list[dict]:
    return conn.execute(TOP_STATEMENTS).fetchall()


def entry(rows: list[dict], text: str) -> dict:
    """The one row whose (normalised, shortened) query text starts with `text`."""
    (row,) = [row for row in rows if row["query"].startswith(text)]
    return row


def test_top_statements_point_at_the_missing_index(stats_conn: psycopg.Connection) -> None:
    stats_conn.execute("SELECT pg_stat_statements_reset()")  # forget the data load
    workload(stats_conn)
    rows = top(stats_conn)

    assert list(rows[0]) == ["query", "calls", "total_ms", "mean_ms", "pct_of_total",
                             "rows_per_call", "blocks_per_call"]
    # Constants become $n: every customer's account page is one entry.
    account_page = entry(rows, "SELECT order_id, status, created_at, total_cents FROM orders WHERE")
    lookup = entry(rows, "SELECT * FROM orders WHERE order_id = $1")
    assert account_page["calls"] == 5 and lookup["calls"] == 200
    assert account_page["rows_per_call"] == 10
    assert account_page["blocks_per_call"] > 10_000  # the whole table, every call
    assert lookup["blocks_per_call"] < 10  # a primary-key probe
    totals = [row["total_ms"] for row in rows]
    assert totals == sorted(totals, reverse=True)

    run(stats_conn, "indexes.sql", "customer_recent")
    stats_conn.execute("SELECT pg_stat_statements_reset()")
    workload(stats_conn)
    account_page = entry(top(stats_conn), "SELECT order_id, status, created_at, total_cents FROM")
    assert account_page["blocks_per_call"] < 20

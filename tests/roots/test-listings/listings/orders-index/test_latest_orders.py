"""The query reads one customer's newest orders straight from the index: no table scan, no sort."""

from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture
def orders(pg_conn):
    pg_conn.execute((HERE / "schema.sql").read_text())
    # Statistics for the planner, and a visibility map so the index alone can answer.
    pg_conn.execute("VACUUM (ANALYZE) orders")
    return pg_conn


def plan_of(conn, query: str) -> dict:
    return conn.execute(f"EXPLAIN (FORMAT JSON) {query}").fetchone()[0][0]["Plan"]


def node_types(plan: dict) -> list[str]:
    return [plan["Node Type"]] + [t for child in plan.get("Plans", []) for t in node_types(child)]


def test_no_sort_and_no_table_scan(orders):
    types = node_types(plan_of(orders, (HERE / "latest_orders.sql").read_text()))
    assert "Sort" not in types
    assert "Seq Scan" not in types


def test_query_returns_the_newest_ten(orders):
    rows = orders.execute((HERE / "latest_orders.sql").read_text()).fetchall()
    expected = orders.execute(
        "SELECT created_at FROM orders WHERE customer_id = 42 ORDER BY created_at DESC"
    ).fetchall()[:10]
    assert rows == expected and len(rows) == 10

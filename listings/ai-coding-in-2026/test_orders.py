"""orders_for in two versions, on a real PostgreSQL 18: honest lookups work in both; hostile input
stays data in the fixed one. What each version does with hostile input is the record injection
(injection.py).
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

import orders
import orders_plausible
from injection import ALWAYS_TRUE, HOSTILE_SORT, STACKED

HERE = Path(__file__).resolve().parent


@pytest.fixture
def shop(pg_conn: psycopg.Connection) -> psycopg.Connection:
    pg_conn.execute((HERE / "schema.sql").read_text())
    return pg_conn


@pytest.mark.parametrize("version", [orders, orders_plausible], ids=["fixed", "plausible"])
def test_an_honest_lookup_works_in_both(shop, version):
    assert [total for _, total in version.orders_for(shop, "ann@example.com")] == [4200, 1500]
    assert [total for _, total in version.orders_for(shop, "ann@example.com", "total_cents")] == [1500, 4200]


# ANCHOR: hostile
def test_hostile_input_stays_data(shop):
    assert orders.orders_for(shop, ALWAYS_TRUE) == []
    assert orders.orders_for(shop, STACKED) == []
    assert shop.execute("SELECT count(*) FROM orders").fetchone()[0] == 5  # the table is still there
    with pytest.raises(ValueError, match="sort: expected one of"):
        orders.orders_for(shop, "ann@example.com", sort=HOSTILE_SORT)
# ANCHOR_END: hostile


# ANCHOR: order-by-parameter
def test_a_bound_parameter_cannot_name_a_column(shop):
    """The tempting half-fix: bind the sort column like the e-mail. It runs without error and
    sorts by a constant string, so the rows come back in whatever order the scan produced."""
    rows = shop.execute(
        "SELECT total_cents FROM orders WHERE email = %s ORDER BY %s", ("bob@example.com", "total_cents")
    ).fetchall()
    totals = [total for (total,) in rows]
    assert totals == [990, 300]  # insertion order here, not sorted
    assert totals != sorted(totals)
# ANCHOR_END: order-by-parameter

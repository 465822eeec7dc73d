"""What holds VACUUM back, unused indexes, and EXPLAIN ANALYZE of a write.

The chapter's other claims about plans, dead rows, thresholds and bloat are checked on the records
chapter.py produces (records.toml), so that each is made once, next to the output it is about.
"""

from __future__ import annotations

import psycopg
import pytest
from psycopg.rows import dict_row

from plan_checks import query, run, section, statements

DEAD_TUPLES = query("vacuum_health.sql", "dead_tuples")
OLDEST_SNAPSHOTS = query("vacuum_health.sql", "oldest_snapshots")
SHIPPED_TO_DELIVERED = "UPDATE orders SET status = 'delivered' WHERE status = 'shipped'"


def flush_stats(conn: psycopg.Connection) -> None:
    """Publish this session's pending activity counters (they are otherwise sent within ~1 s)."""
    conn.execute("SELECT pg_stat_force_next_flush()")


def orders_health(conn: psycopg.Connection) -> dict:
    with conn.cursor(row_factory=dict_row) as cursor:
        rows = {row["relname"]: row for row in cursor.execute(DEAD_TUPLES)}
    return rows["orders"]


def vacuum_beside(shop: psycopg.Connection, pg_dsn: str, *other_session: str) -> tuple[int, list[dict], int]:
    """Run the statements of `other_session` in a second connection and leave its transaction open,
    then update the shipped orders and VACUUM in `shop`: the dead tuples VACUUM had to keep, the
    sessions the oldest_snapshots query names, and the second connection's pid."""
    with psycopg.connect(pg_dsn, autocommit=True) as other:  # BEGIN is sent as written
        for statement in other_session:
            other.execute(statement)
        shop.execute(SHIPPED_TO_DELIVERED)
        # The update's dead-row count waits in this session until its next flush (at most once a
        # second); flushed after VACUUM's own report, it would be added on top of what VACUUM kept.
        flush_stats(shop)
        shop.execute("VACUUM orders")
        kept = orders_health(shop)["n_dead_tup"]
        with shop.cursor(row_factory=dict_row) as cursor:
            named = cursor.execute(OLDEST_SNAPSHOTS).fetchall()
        other.execute("ROLLBACK")
        return kept, named, other.info.backend_pid


@pytest.mark.parametrize(
    "other_session",
    [
        # The analyst's psql with BEGIN typed an hour ago: a bare BEGIN takes no snapshot.
        ("BEGIN",),
        # ...and a READ COMMITTED query since: its snapshot ended with the statement, and nothing
        # was written, so there is no transaction ID either.
        ("BEGIN", "SELECT count(*) FROM orders"),
    ],
    ids=["bare-begin", "read-committed-read"],
)
def test_an_idle_transaction_that_only_read_holds_nothing_back(
    shop: psycopg.Connection, pg_dsn: str, other_session: tuple[str, ...]
) -> None:
    kept, named, _ = vacuum_beside(shop, pg_dsn, *other_session)
    assert kept == 0
    assert named == []


def test_an_open_snapshot_keeps_dead_rows_alive(shop: psycopg.Connection, pg_dsn: str) -> None:
    kept, named, pid = vacuum_beside(
        shop, pg_dsn, "BEGIN ISOLATION LEVEL REPEATABLE READ", "SELECT count(*) FROM orders"
    )
    assert kept > 0  # VACUUM ran, and could remove none of them
    assert [(h["pid"], h["state"], h["xmin_age"] is not None, h["xid_age"]) for h in named] == [
        (pid, "idle in transaction", True, None)
    ]
    shop.execute("VACUUM orders")  # the snapshot is gone: everything goes
    flush_stats(shop)
    assert orders_health(shop)["n_dead_tup"] == 0


def test_an_idle_transaction_that_wrote_keeps_dead_rows_alive(shop: psycopg.Connection, pg_dsn: str) -> None:
    # A pooled connection that wrote and never committed: READ COMMITTED, so no snapshot
    # (backend_xmin is NULL), but its transaction ID holds the horizon back all the same.
    kept, named, pid = vacuum_beside(
        shop, pg_dsn, "BEGIN", "UPDATE customers SET email = email WHERE customer_id = 1"
    )
    assert kept > 0
    assert [(h["pid"], h["state"], h["xmin_age"], h["xid_age"] is not None) for h in named] == [
        (pid, "idle in transaction", None, True)
    ]


def test_unused_index_report(shop: psycopg.Connection) -> None:
    run(shop, "indexes.sql", "customer_fk")
    run(shop, "indexes.sql", "status_created")
    shop.execute(query("queries.sql", "recent_orders"))  # uses orders_customer_id_idx
    flush_stats(shop)

    unused = [row[1] for row in shop.execute(query("unused_indexes.sql", "unused_indexes"))]
    # Never scanned: the status index. Also never scanned, but kept out of the report because
    # they enforce constraints: orders_pkey, customers_pkey, customers_email_key.
    assert unused == ["orders_status_created_idx"]


def test_explain_analyze_inside_a_rolled_back_transaction(shop: psycopg.Connection) -> None:
    before = shop.execute("SELECT status FROM orders WHERE order_id = 999999").fetchone()[0]
    plan_lines: list[str] = []
    for statement in statements(section("explain_dml.sql", "explain_dml")):
        cursor = shop.execute(statement)
        if statement.startswith("EXPLAIN"):
            plan_lines = [line for (line,) in cursor]
    assert plan_lines[0].startswith("Update on orders")
    assert any("rows=1.00" in line for line in plan_lines)  # the update really ran...
    after = shop.execute("SELECT status FROM orders WHERE order_id = 999999").fetchone()[0]
    assert after == before != "cancelled"  # ...and was rolled back

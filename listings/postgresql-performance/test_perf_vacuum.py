"""Dead rows, the autovacuum threshold, what holds VACUUM back, bloat, and unused indexes."""

from __future__ import annotations

import psycopg
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


def expected_threshold(conn: psycopg.Connection, scale_factor: float) -> float:
    """The documented trigger, computed here from the server's own settings."""
    base, cap = conn.execute(
        "SELECT current_setting('autovacuum_vacuum_threshold')::float8,"
        "       current_setting('autovacuum_vacuum_max_threshold')::float8").fetchone()
    reltuples = conn.execute("SELECT reltuples FROM pg_class WHERE relname = 'orders'").fetchone()[0]
    return min(base + scale_factor * reltuples, cap)


def test_dead_rows_against_the_autovacuum_threshold(shop: psycopg.Connection) -> None:
    shipped = shop.execute("SELECT count(*) FROM orders WHERE status = 'shipped'").fetchone()[0]
    shop.execute(SHIPPED_TO_DELIVERED)
    flush_stats(shop)

    health = orders_health(shop)
    assert health["n_dead_tup"] == shipped  # every updated row left its old version behind
    assert health["autovacuum_threshold"] == round(expected_threshold(shop, 0.2))
    assert health["over_threshold"] is False  # 3% of the table changed; the default waits for 20%
    assert health["autovacuum_enabled"] is False  # the tests switch it off; the query reports it

    run(shop, "vacuum_health.sql", "hot_table")
    health = orders_health(shop)
    assert health["autovacuum_threshold"] == round(expected_threshold(shop, 0.01))
    assert health["over_threshold"] is True

    shop.execute("VACUUM orders")
    flush_stats(shop)
    assert orders_health(shop)["n_dead_tup"] == 0


def test_an_open_snapshot_keeps_dead_rows_alive(shop: psycopg.Connection, pg_dsn: str) -> None:
    with psycopg.connect(pg_dsn) as report:  # not autocommit: it holds its transaction open
        report.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        report.execute("SELECT count(*) FROM orders").fetchone()  # takes the snapshot

        shop.execute(SHIPPED_TO_DELIVERED)
        shop.execute("VACUUM orders")
        flush_stats(shop)
        dead_while_open = orders_health(shop)["n_dead_tup"]
        with shop.cursor(row_factory=dict_row) as cursor:
            holders = cursor.execute(OLDEST_SNAPSHOTS).fetchall()
        report_pid = report.info.backend_pid
        report.rollback()

    assert dead_while_open > 0  # VACUUM ran, and could remove none of them
    assert [h["pid"] for h in holders] == [report_pid]
    assert holders[0]["state"] == "idle in transaction"

    shop.execute("VACUUM orders")
    flush_stats(shop)
    assert orders_health(shop)["n_dead_tup"] == 0


def test_vacuum_frees_space_inside_the_file_but_does_not_shrink_it(shop: psycopg.Connection) -> None:
    size = "SELECT pg_relation_size('orders')"
    loaded = shop.execute(size).fetchone()[0]
    run(shop, "bloat.sql", "retention_delete")
    shop.execute("VACUUM orders")
    assert shop.execute(size).fetchone()[0] == loaded  # the freed pages are at the start

    with shop.cursor(row_factory=dict_row) as cursor:
        for statement in statements(section("bloat.sql", "table_space")):
            cursor.execute(statement)
        space = cursor.fetchone()
    assert space["free_pct"] > 50 and space["dead_pct"] == 0

    shop.execute("VACUUM FULL orders")  # rewrites the table under an ACCESS EXCLUSIVE lock
    remaining = shop.execute("SELECT count(*) FROM orders").fetchone()[0]
    assert remaining < 500_000
    assert shop.execute(size).fetchone()[0] < loaded * 0.5


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

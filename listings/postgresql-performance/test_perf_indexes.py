"""Each index the chapter recommends changes the plan the way the chapter says.

Plans are read from EXPLAIN (ANALYZE, FORMAT JSON); the text plans the chapter prints are compared
with plans/*.txt by shape. Nothing here depends on timings.
"""

from __future__ import annotations

import psycopg

from plan_checks import blocks_touched, check_recorded, node_types, nodes, only_node, plan, query, run

RECENT_ORDERS = query("queries.sql", "recent_orders")


def test_foreign_key_is_not_indexed_until_you_index_it(shop: psycopg.Connection) -> None:
    indexed_first_columns = [
        name for (name,) in shop.execute(
            """SELECT a.attname FROM pg_index i
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
               WHERE i.indrelid = 'orders'::regclass""")
    ]
    assert indexed_first_columns == ["order_id"]  # only the primary key: the FK got no index
    foreign_keys = shop.execute(
        "SELECT count(*) FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'f'"
    ).fetchone()[0]
    assert foreign_keys == 1

    before = plan(shop, RECENT_ORDERS)
    assert "Sort" in node_types(before)
    scan = [n for n in nodes(before) if n["Node Type"] == "Seq Scan"]
    assert len(scan) == 1 and scan[0]["Relation Name"] == "orders"
    check_recorded(shop, RECENT_ORDERS, "recent_orders_seq_scan")

    run(shop, "indexes.sql", "customer_fk")
    after = plan(shop, RECENT_ORDERS)
    assert node_types(after) == ["Limit", "Sort", "Bitmap Heap Scan", "Bitmap Index Scan"]
    assert only_node(after, "Bitmap Index Scan")["Index Name"] == "orders_customer_id_idx"
    assert only_node(after, "Bitmap Heap Scan")["Actual Rows"] == 20  # all of the customer's orders
    check_recorded(shop, RECENT_ORDERS, "recent_orders_fk_index")

    assert blocks_touched(before) > 100 * blocks_touched(after)


def test_equality_column_first_then_the_sort_column(shop: psycopg.Connection) -> None:
    run(shop, "indexes.sql", "customer_recent")
    right = plan(shop, RECENT_ORDERS)
    assert node_types(right) == ["Limit", "Index Scan"]  # no Sort: the index yields the order
    scan = only_node(right, "Index Scan")
    assert scan["Index Name"] == "orders_customer_created_idx"
    assert scan["Scan Direction"] == "Backward"
    assert scan["Actual Rows"] == 10  # stops at the LIMIT, never reads the other 10 orders
    check_recorded(shop, RECENT_ORDERS, "recent_orders_composite")

    shop.execute("DROP INDEX orders_customer_created_idx")
    run(shop, "indexes.sql", "created_customer")
    wrong = plan(shop, RECENT_ORDERS)
    # Same node types, same Index Cond in the text...
    assert node_types(wrong) == ["Limit", "Index Scan"]
    wrong_scan = only_node(wrong, "Index Scan")
    assert wrong_scan["Index Name"] == "orders_created_customer_idx"
    assert wrong_scan["Index Searches"] == 1  # no skip scan: created_at has a million values
    check_recorded(shop, RECENT_ORDERS, "recent_orders_wrong_order")
    # ...but it walks the index from the newest entry until it has found ten of them.
    assert blocks_touched(wrong) > 50 * blocks_touched(right)


def test_skip_scan_uses_an_index_without_its_leading_column(shop: psycopg.Connection) -> None:
    window = query("queries.sql", "orders_in_window")
    before = plan(shop, window)
    assert "Seq Scan" in node_types(before)

    run(shop, "indexes.sql", "status_created")
    after = plan(shop, window)
    assert node_types(after) == ["Index Scan"]
    scan = only_node(after, "Index Scan")
    assert scan["Index Name"] == "orders_status_created_idx"
    assert "status" not in scan["Index Cond"]  # the query says nothing about the leading column
    distinct_statuses = shop.execute("SELECT count(DISTINCT status) FROM orders").fetchone()[0]
    # One descent per status value at least: PostgreSQL 18 skips between the groups.
    assert scan["Index Searches"] >= distinct_statuses
    assert scan["Actual Rows"] == shop.execute(
        "SELECT count(*) FROM orders WHERE created_at >= '2025-06-01 00:00+00'"
        " AND created_at < '2025-06-02 00:00+00'").fetchone()[0]
    check_recorded(shop, window, "orders_in_window_skip_scan")
    assert blocks_touched(before) > 20 * blocks_touched(after)


def test_a_sequential_scan_is_right_when_most_rows_match(shop: psycopg.Connection) -> None:
    run(shop, "indexes.sql", "status_created")
    shop.execute("VACUUM orders")  # the visibility map is set: an index-only scan is possible
    count_delivered = query("queries.sql", "delivered_count")
    delivered = plan(shop, count_delivered)
    types = node_types(delivered)
    assert any(t == "Seq Scan" for t in types), types
    assert not any("Index" in t for t in types), types
    check_recorded(shop, count_delivered, "delivered_count_seq_scan")

    # Forced onto the index, the count reads fewer pages, yet the planner's estimate (random
    # page cost 4.0 against 1.0 for pages read in order) is higher: it chose by cost, not by bug.
    shop.execute("SET enable_seqscan = off")
    forced = plan(shop, count_delivered)
    shop.execute("RESET enable_seqscan")
    assert "Index Only Scan" in node_types(forced), node_types(forced)
    assert blocks_touched(forced) < blocks_touched(delivered)
    assert forced["Total Cost"] > delivered["Total Cost"]


def test_partial_index_serves_the_queue_at_a_fraction_of_the_size(shop: psycopg.Connection) -> None:
    queue = query("queries.sql", "pending_queue")
    before = plan(shop, queue)
    assert "Sort" in node_types(before) and "Seq Scan" in node_types(before)

    run(shop, "indexes.sql", "pending_partial")
    after = plan(shop, queue)
    assert node_types(after) == ["Limit", "Index Scan"]
    assert only_node(after, "Index Scan")["Index Name"] == "orders_pending_created_idx"
    check_recorded(shop, queue, "pending_queue_partial")

    # A parameterized version: custom plans (made with the value) use the partial index; a generic
    # plan, made without looking at $1, cannot prove status = 'pending' and reads the whole table.
    parameterized = queue.replace("'pending'", "$1")
    shop.execute(f"PREPARE next_batch(text) AS {parameterized}")
    for _ in range(9):
        custom = plan(shop, "EXECUTE next_batch('pending')")
        assert "Index Scan" in node_types(custom), node_types(custom)
    shop.execute("SET plan_cache_mode = force_generic_plan")
    generic = plan(shop, "EXECUTE next_batch('pending')")
    shop.execute("RESET plan_cache_mode")
    assert "Seq Scan" in node_types(generic) and "Index Scan" not in node_types(generic), node_types(generic)

    run(shop, "indexes.sql", "status_created")
    partial_size, full_size = shop.execute(
        "SELECT pg_relation_size('orders_pending_created_idx'),"
        "       pg_relation_size('orders_status_created_idx')").fetchone()
    assert partial_size * 100 < full_size


def test_index_only_scan_needs_a_vacuumed_table(shop: psycopg.Connection) -> None:
    history = query("queries.sql", "spend_history")
    run(shop, "indexes.sql", "spend_covering")

    # Freshly loaded, never vacuumed: the visibility map is empty, so the planner expects to
    # visit the heap for every row and does not choose an index-only scan.
    all_visible = shop.execute(
        "SELECT relallvisible FROM pg_class WHERE relname = 'orders'").fetchone()[0]
    assert all_visible == 0
    unvacuumed = plan(shop, history)
    assert "Index Only Scan" not in node_types(unvacuumed)
    check_recorded(shop, history, "spend_history_unvacuumed")

    shop.execute("VACUUM orders")
    vacuumed = plan(shop, history)
    assert node_types(vacuumed) == ["Index Only Scan"]  # no Sort, no heap
    scan = only_node(vacuumed, "Index Only Scan")
    assert scan["Index Name"] == "orders_customer_spend_idx"
    assert scan["Heap Fetches"] == 0
    check_recorded(shop, history, "spend_history_index_only")

    # Updates clear the all-visible bit of every page they touch; until the next VACUUM the
    # scan must check those pages in the heap.
    shop.execute("UPDATE orders SET status = 'delivered' WHERE status = 'shipped'")
    after_updates = plan(shop, history)
    assert only_node(after_updates, "Index Only Scan")["Heap Fetches"] > 0

    shop.execute("VACUUM orders")
    assert only_node(plan(shop, history), "Index Only Scan")["Heap Fetches"] == 0

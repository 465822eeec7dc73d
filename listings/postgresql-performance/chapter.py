"""Walk the chapter on a real PostgreSQL 18 and print every plan it shows and every figure it quotes.

    python chapter.py        (connects with libpq's PG* variables to an empty database)

Loads the shop once into that database, then runs each section of the chapter on its own copy of
it (CREATE DATABASE ... TEMPLATE), so that every section starts from the shop as loaded: analyzed,
never vacuumed, no secondary index. Each plan and the figures follow a line ``==> name <==``: the
listings runner stores each as a record (records.toml) and compares the plans by their shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from plan_checks import blocks_touched, explain_text, node_types, only_node, plan, query, run, section, statements
from shop_data import load_shop

RECENT_ORDERS = query("queries.sql", "recent_orders")
SHIPPED_TO_DELIVERED = "UPDATE orders SET status = 'delivered' WHERE status = 'shipped'"


def show(name: str, text: str) -> None:
    print(f"==> {name} <==")
    print(text, end="" if text.endswith("\n") else "\n", flush=True)


def figures(values: dict[str, object]) -> None:
    show("figures", "".join(f"{name}: {value}\n" for name, value in values.items()))


class Shop:
    """The loaded shop (this run's database) and copies of it, one per section."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.copies = 0

    @contextmanager
    def copy(self) -> Iterator[psycopg.Connection]:
        self.copies += 1
        name = f"{self.template}_section_{self.copies}"
        with psycopg.connect(dbname="postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(name), sql.Identifier(self.template)))
        try:
            with psycopg.connect(dbname=name, autocommit=True) as conn:
                yield conn
        finally:
            with psycopg.connect(dbname="postgres", autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def one(conn: psycopg.Connection, statement: str, *params: object) -> object:
    return conn.execute(statement, params or None).fetchone()[0]


def size(conn: psycopg.Connection, relation: str) -> str:
    return one(conn, "SELECT pg_size_pretty(pg_relation_size(%s::regclass))", relation)


def the_shop(conn: psycopg.Connection) -> dict[str, object]:
    """How the examples were run: the rows and the table's size as loaded."""
    counts = dict(conn.execute("SELECT status, count(*) FROM orders GROUP BY status").fetchall())
    return {
        "customers": one(conn, "SELECT count(*) FROM customers"),
        "orders": one(conn, "SELECT count(*) FROM orders"),
        "orders_per_customer": one(conn, "SELECT DISTINCT count(*) FROM orders GROUP BY customer_id"),
        "not_yet_delivered": counts["pending"] + counts["paid"] + counts["shipped"],
        "cancelled": counts["cancelled"],
        "delivered": counts["delivered"],
        "pending": counts["pending"],
        "shipped": counts["shipped"],
        "orders_size": size(conn, "orders"),
        "orders_pages": one(conn, "SELECT pg_relation_size('orders') / current_setting('block_size')::int"),
    }


def indexes(shop: Shop) -> dict[str, object]:
    """The plans of the index sections, the sizes of the indexes, and what the plans the chapter
    describes without printing them show (node types, heap fetches)."""
    found: dict[str, object] = {}
    with shop.copy() as conn:
        found["indexed_first_columns"] = ",".join(name for (name,) in conn.execute(
            """SELECT a.attname FROM pg_index i
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
               WHERE i.indrelid = 'orders'::regclass ORDER BY 1"""))
        found["foreign_keys"] = one(conn, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'f'")
        show("recent_orders_seq_scan", explain_text(conn, RECENT_ORDERS))
        run(conn, "indexes.sql", "customer_fk")
        show("recent_orders_fk_index", explain_text(conn, RECENT_ORDERS))
    with shop.copy() as conn:
        run(conn, "indexes.sql", "customer_recent")
        show("recent_orders_composite", explain_text(conn, RECENT_ORDERS))
        conn.execute("DROP INDEX orders_customer_created_idx")
        run(conn, "indexes.sql", "created_customer")
        show("recent_orders_wrong_order", explain_text(conn, RECENT_ORDERS))
    with shop.copy() as conn:
        window = query("queries.sql", "orders_in_window")
        before = plan(conn, window)
        found["window_without_index_nodes"] = " > ".join(node_types(before))
        found["window_without_index_buffers"] = blocks_touched(before)
        found["window_orders"] = one(conn, "SELECT count(*) FROM orders WHERE created_at >= '2025-06-01 00:00+00'"
                                           " AND created_at < '2025-06-02 00:00+00'")
        found["distinct_statuses"] = one(conn, "SELECT count(DISTINCT status) FROM orders")
        run(conn, "indexes.sql", "status_created")
        show("orders_in_window_skip_scan", explain_text(conn, window))
        found["status_created_size"] = size(conn, "orders_status_created_idx")
        found["status_created_bytes"] = one(conn, "SELECT pg_relation_size('orders_status_created_idx')")
        conn.execute("VACUUM orders")
        count_delivered = query("queries.sql", "delivered_count")
        show("delivered_count_seq_scan", explain_text(conn, count_delivered))
        conn.execute("SET enable_seqscan = off")
        show("delivered_count_forced_index", explain_text(conn, count_delivered))
        conn.execute("RESET enable_seqscan")
    with shop.copy() as conn:
        queue = query("queries.sql", "pending_queue")
        found["queue_without_index_nodes"] = " > ".join(node_types(plan(conn, queue)))
        run(conn, "indexes.sql", "pending_partial")
        show("pending_queue_partial", explain_text(conn, queue))
        found["pending_partial_size"] = size(conn, "orders_pending_created_idx")
        found["pending_partial_bytes"] = one(conn, "SELECT pg_relation_size('orders_pending_created_idx')")
        # Custom plans for the first executions, then a generic plan made without the value.
        conn.execute(f"PREPARE next_batch(text) AS {queue.replace(chr(39) + 'pending' + chr(39), '$1')}")
        found["custom_plans_using_the_index"] = sum(
            "Index Scan" in node_types(plan(conn, "EXECUTE next_batch('pending')")) for _ in range(9))
        conn.execute("SET plan_cache_mode = force_generic_plan")
        show("pending_queue_generic", explain_text(conn, "EXECUTE next_batch('pending')"))
    with shop.copy() as conn:
        history = query("queries.sql", "spend_history")
        run(conn, "indexes.sql", "spend_covering")
        found["relallvisible_as_loaded"] = one(conn, "SELECT relallvisible FROM pg_class WHERE relname = 'orders'")
        show("spend_history_unvacuumed", explain_text(conn, history))
        conn.execute("VACUUM orders")
        show("spend_history_index_only", explain_text(conn, history))
        # Updates clear the all-visible bit of the pages they touch, until the next VACUUM.
        conn.execute(SHIPPED_TO_DELIVERED)
        found["heap_fetches_after_updates"] = only_node(plan(conn, history), "Index Only Scan")["Heap Fetches"]
        conn.execute("VACUUM orders")
        found["heap_fetches_after_vacuum"] = only_node(plan(conn, history), "Index Only Scan")["Heap Fetches"]
    return found


def dead_rows(shop: Shop) -> dict[str, object]:
    """Dead rows against the autovacuum threshold, before and after the per-table setting."""
    dead_tuples = query("vacuum_health.sql", "dead_tuples")

    def orders_health(conn: psycopg.Connection) -> tuple:
        conn.execute("SELECT pg_stat_force_next_flush()")
        return {row[0]: row for row in conn.execute(dead_tuples)}["orders"]
    with shop.copy() as conn:
        conn.execute(SHIPPED_TO_DELIVERED)
        health = orders_health(conn)
        found = {"dead_after_update": health[2], "threshold_default": health[3], "over_default": health[4]}
        run(conn, "vacuum_health.sql", "hot_table")
        health = orders_health(conn)
        found |= {"threshold_hot_table": health[3], "over_hot_table": health[4]}
        conn.execute("VACUUM orders")
        found["dead_after_vacuum"] = orders_health(conn)[2]
    return found


def bloat(shop: Shop) -> dict[str, object]:
    """The retention delete, then VACUUM, then VACUUM FULL, measured with pgstattuple."""
    *setup, report = statements(section("bloat.sql", "table_space"))
    table_bytes = "SELECT pg_relation_size('orders')"
    with shop.copy() as conn:
        found: dict[str, object] = {"loaded_bytes": one(conn, table_bytes)}
        found["retention_deleted"] = conn.execute(query("bloat.sql", "retention_delete")).rowcount
        conn.execute("VACUUM orders")
        for statement in setup:
            conn.execute(statement)
        table_size, live, dead, free = conn.execute(report).fetchone()
        found |= {"vacuumed_bytes": one(conn, table_bytes), "vacuumed_size": table_size, "vacuumed_live_pct": live,
                  "vacuumed_dead_pct": dead, "vacuumed_free_pct": free}
        conn.execute("VACUUM FULL orders")  # rewrites the table under an ACCESS EXCLUSIVE lock
        table_size, live, dead, free = conn.execute(report).fetchone()
        found |= {"full_bytes": one(conn, table_bytes), "full_size": table_size, "full_live_pct": live}
    return found


def main() -> None:
    with psycopg.connect(autocommit=True) as conn:
        load_shop(conn)
        found = the_shop(conn)
        shop = Shop(one(conn, "SELECT current_database()"))
    found |= indexes(shop)
    found |= dead_rows(shop)
    found |= bloat(shop)
    figures(found)


if __name__ == "__main__":
    main()

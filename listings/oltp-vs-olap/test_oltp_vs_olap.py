"""Tests of the listings: the copy gives DuckDB the same data, and CDC keeps DuckDB equal to PostgreSQL."""

from __future__ import annotations

import duckdb
import psycopg

from cdc import Consumer, create_slot, drop_slot
from compare import REPORT
from orders import copy_to_duckdb, load_postgresql


def test_both_engines_give_the_same_report(pg_conn: psycopg.Connection) -> None:
    load_postgresql(pg_conn, 5000)
    duck = duckdb.connect()
    assert copy_to_duckdb(pg_conn, duck) == 5000
    assert [tuple(map(str, r)) for r in pg_conn.execute(REPORT).fetchall()] == \
           [tuple(map(str, r)) for r in duck.execute(REPORT).fetchall()]
    assert duck.execute("SELECT count(*) FROM orders WHERE note = ''").fetchone()[0] == 4000


def test_cdc_keeps_a_table_with_a_composite_key_and_nulls_equal(pg_conn: psycopg.Connection) -> None:
    pg_conn.execute("CREATE TABLE stock (warehouse int, sku text, qty int NOT NULL, note text,"
                    " PRIMARY KEY (warehouse, sku))")
    duck = duckdb.connect()
    duck.execute("CREATE TABLE stock (warehouse INTEGER, sku VARCHAR, qty INTEGER NOT NULL, note VARCHAR,"
                 " PRIMARY KEY (warehouse, sku))")
    create_slot(pg_conn, "stock_test", "stock")
    try:
        consumer = Consumer(pg_conn, duck, "stock_test")
        pg_conn.execute("INSERT INTO stock VALUES (1, 'a', 5, NULL), (1, 'b', 0, ''), (2, 'a', 7, 'x,\"y\"')")
        consumer.poll()
        with pg_conn.transaction():
            pg_conn.execute("UPDATE stock SET qty = qty + 1, note = 'moved' WHERE sku = 'a'")
            pg_conn.execute("DELETE FROM stock WHERE warehouse = 1 AND sku = 'b'")
            pg_conn.execute("INSERT INTO stock VALUES (3, 'c', 1, NULL)")
        consumer.poll(crash_before_advance=True)
        consumer.poll()  # delivered again: skipped by position
        query = "SELECT warehouse, sku, qty, note FROM stock ORDER BY warehouse, sku"
        assert duck.execute(query).fetchall() == pg_conn.execute(query).fetchall()
        assert duck.execute("SELECT note FROM stock WHERE warehouse = 3").fetchone() == (None,)
    finally:
        drop_slot(pg_conn, "stock_test")
    assert pg_conn.execute("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'stock_test'").fetchone() == (0,)

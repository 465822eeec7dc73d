"""Tests of the listings: the copy gives DuckDB the same data, and CDC keeps DuckDB equal to PostgreSQL."""

from __future__ import annotations

import inspect
import re

import duckdb
import psycopg
import pytest

from cdc import Consumer, Reader, create_slot, drop_slot
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


def _docs(pg_conn: psycopg.Connection, slot: str) -> duckdb.DuckDBPyConnection:
    """A table whose ``body`` is stored out of line (TOAST), its DuckDB copy, and a slot."""
    pg_conn.execute("CREATE TABLE docs (id int PRIMARY KEY, n int NOT NULL, body text)")
    pg_conn.execute("ALTER TABLE docs ALTER body SET STORAGE EXTERNAL")  # out of line from 2 kB, uncompressed
    duck = duckdb.connect()
    duck.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, body VARCHAR)")
    create_slot(pg_conn, slot, "docs")
    return duck


BIG = "SELECT string_agg(md5(g::text || %s), '') FROM generate_series(1, 200) AS g"   # 6,400 characters


def test_cdc_keeps_unchanged_toasted_values(pg_conn: psycopg.Connection) -> None:
    duck = _docs(pg_conn, "docs_toast")
    query = "SELECT id, n, body FROM docs ORDER BY id"
    try:
        consumer = Consumer(pg_conn, duck, "docs_toast")
        for i in (1, 2, 3):
            pg_conn.execute(f"INSERT INTO docs VALUES (%s, 0, ({BIG}))", (i, str(i)))
        consumer.poll()
        # The body is not sent: from the copy's row (1), from a row the same batch inserted (4), and
        # from the old key's row when the update changes the key (2 becomes 20).
        pg_conn.execute("UPDATE docs SET n = n + 1 WHERE id = 1")
        pg_conn.execute(f"INSERT INTO docs VALUES (4, 0, ({BIG}))", ("4",))
        pg_conn.execute("UPDATE docs SET n = n + 1 WHERE id = 4")
        pg_conn.execute("UPDATE docs SET id = 20 WHERE id = 2")
        consumer.poll()
        assert duck.execute(query).fetchall() == pg_conn.execute(query).fetchall()
        # REPLICA IDENTITY FULL: the new row still marks the body unchanged; the old row carries it.
        pg_conn.execute("ALTER TABLE docs REPLICA IDENTITY FULL")
        pg_conn.execute("UPDATE docs SET n = n + 1 WHERE id = 3")
        assert [c.row["body"] for t, _ in consumer.poll() for c in t.changes] == \
               [pg_conn.execute("SELECT body FROM docs WHERE id = 3").fetchone()[0]]
        assert duck.execute(query).fetchall() == pg_conn.execute(query).fetchall()
        # A copy that lacks the row cannot know the value: the consumer stops instead of writing NULL.
        pg_conn.execute("ALTER TABLE docs REPLICA IDENTITY DEFAULT")
        duck.execute("DELETE FROM docs WHERE id = 1")
        pg_conn.execute("UPDATE docs SET n = n + 1 WHERE id = 1")
        with pytest.raises(ValueError, match="resynchronise"):
            consumer.poll()
        assert duck.execute("SELECT count(*) FROM docs WHERE id = 1").fetchone() == (0,)
    finally:
        drop_slot(pg_conn, "docs_toast")


def test_cdc_applies_truncate(pg_conn: psycopg.Connection) -> None:
    duck = _docs(pg_conn, "docs_truncate")
    query = "SELECT id, n, body FROM docs ORDER BY id"
    try:
        consumer = Consumer(pg_conn, duck, "docs_truncate")
        pg_conn.execute("INSERT INTO docs SELECT g, g, 'x' FROM generate_series(1, 5) AS g")
        consumer.poll()
        assert duck.execute("SELECT count(*) FROM docs").fetchone() == (5,)
        # In one batch: a row before the TRUNCATE (gone with it), the TRUNCATE, a row after it.
        pg_conn.execute("INSERT INTO docs VALUES (6, 6, 'y')")
        pg_conn.execute("TRUNCATE docs")
        pg_conn.execute("INSERT INTO docs VALUES (7, 7, 'z')")
        consumer.poll()
        assert duck.execute(query).fetchall() == pg_conn.execute(query).fetchall() == [(7, 7, "z")]
        pg_conn.execute("TRUNCATE docs")
        consumer.poll()
        assert duck.execute("SELECT count(*) FROM docs").fetchone() == (0,)
    finally:
        drop_slot(pg_conn, "docs_truncate")


def test_the_decoder_handles_the_seven_messages_the_text_names() -> None:
    # Begin, Commit, Relation, Insert, Update, Delete, Truncate: "the decoder handles those seven messages".
    source = inspect.getsource(Reader.feed)
    kinds = set(re.findall(r'kind == "(\w)"', source)) | {k for group in re.findall(r'kind in "(\w+)"', source) for k in group}
    assert kinds == set("BCRIUDT")


def test_the_settings_the_text_names(pg_conn: psycopg.Connection) -> None:
    settings = dict(pg_conn.execute("SELECT name, context FROM pg_settings").fetchall())
    # In PostgreSQL 18, wal_level takes effect only at server start; effective_wal_level is 19's.
    assert settings["wal_level"] == "postmaster"
    assert "effective_wal_level" not in settings
    # Failover slots (17 and later), the slot and transaction limits, VACUUM's truncation.
    for name in ("sync_replication_slots", "synchronized_standby_slots", "max_slot_wal_keep_size",
                 "idle_replication_slot_timeout", "transaction_timeout", "vacuum_truncate"):
        assert name in settings, name

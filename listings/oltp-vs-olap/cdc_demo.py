"""What the slot delivers, what a crash between apply and advance does, and what an unread slot keeps.

Usage: python cdc_demo.py   (PostgreSQL from the PG* variables; DuckDB in memory)
"""

from __future__ import annotations

import duckdb
import psycopg

from cdc import PEEK, Consumer, Reader, create_slot, drop_slot
from orders import DUCK_SCHEMA, PG_SCHEMA

SLOT = "orders_to_duckdb"
INSERT = "INSERT INTO orders VALUES (%s, %s, '2026-01-13 09:00', 'placed', 'eu-west', %s, '')"


COUNT = "SELECT count(*), coalesce(sum(amount_cents), 0) FROM orders"


def show(label: str, counted: tuple[int, int]) -> None:
    print(f"{label}: {counted[0]} orders, {counted[1]} cents")


def append(naive: duckdb.DuckDBPyConnection, transactions) -> None:
    """What a consumer that only appends keeps: every insert and update as a new row."""
    for transaction in transactions:
        for change in transaction.changes:
            if change.kind != "delete":
                naive.execute("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)", list(change.row.values()))


def changes(pg: psycopg.Connection) -> None:
    print("==> cdc_changes <==")
    # ANCHOR: changes
    create_slot(pg, SLOT, "orders")
    with pg.transaction():
        for i in (1, 2, 3):
            pg.execute(INSERT, (i, 100 + i, 1000 * i))
    pg.execute("UPDATE orders SET status = 'paid' WHERE id = 2")
    pg.execute("DELETE FROM orders WHERE id = 3")

    reader = Reader()
    for (data,) in pg.execute(PEEK, (SLOT, None, f"{SLOT}_pub")):
        done = reader.feed(data)
        if done is not None:
            print(f"transaction: {len(done.changes)} change(s)")
            for change in done.changes:
                print(f"  {change.kind:6} {change.relation.name}", change.row)
    # ANCHOR_END: changes


def redelivery(pg: psycopg.Connection) -> None:
    print("==> cdc_redelivery <==")
    duck = duckdb.connect()
    duck.execute(DUCK_SCHEMA)
    naive = duckdb.connect()
    naive.execute(DUCK_SCHEMA.replace(" PRIMARY KEY", ""))  # an append-only copy: no key
    # ANCHOR: redelivery
    consumer = Consumer(pg, duck, SLOT)
    batch = consumer.poll(crash_before_advance=True)   # applied to DuckDB; the process dies
    print(f"first delivery: {len(batch)} transactions applied, slot not advanced")
    append(naive, [t for t, _ in batch])                # an append-only copy, for comparison
    show("append-only copy after the first delivery", naive.execute(COUNT).fetchone())

    again = Reader()                                    # the restarted process reads the slot
    redelivered = [t for (data,) in pg.execute(PEEK, (SLOT, None, f"{SLOT}_pub"))
                   if (t := again.feed(data)) is not None]
    print(f"after the restart the slot delivers {len(redelivered)} transactions again")

    restarted = Consumer(pg, duck, SLOT)
    print(f"the restarted consumer applies {len(restarted.poll())} of them: its position in DuckDB covers them")
    append(naive, redelivered)
    # ANCHOR_END: redelivery
    show("PostgreSQL", pg.execute(COUNT).fetchone())
    show("DuckDB, replaced by key with the position", duck.execute(COUNT).fetchone())
    show("DuckDB, append-only copy", naive.execute(COUNT).fetchone())


def retained(pg: psycopg.Connection) -> None:
    print("==> cdc_retained <==")
    for name in ("max_slot_wal_keep_size", "idle_replication_slot_timeout"):
        print(f"{name} = {pg.execute(f'SHOW {name}').fetchone()[0]}")
    # ANCHOR: retained
    pg.execute("""INSERT INTO orders
                  SELECT i, i, '2026-01-13', 'placed', 'eu-west', 500, repeat('x', 200)
                  FROM generate_series(10, 50009) AS i""")
    slot = pg.execute("""
        SELECT active, wal_status,
               pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) AS retained_bytes,
               pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) AS unread_bytes
        FROM pg_replication_slots WHERE slot_name = %s""", (SLOT,)).fetchone()
    # ANCHOR_END: retained
    print(f"slot active: {slot[0]}, wal_status: {slot[1]}")
    print(f"WAL kept for the slot: {slot[2] / 2**20:.1f} MB, not yet read: {slot[3] / 2**20:.1f} MB")


def main() -> None:
    with psycopg.connect(autocommit=True) as pg:
        pg.execute(PG_SCHEMA)
        try:
            changes(pg)
            redelivery(pg)
            retained(pg)
        finally:
            drop_slot(pg, SLOT)


if __name__ == "__main__":
    main()

"""How far DuckDB runs behind PostgreSQL when a consumer copies every committed change across.

Usage: python cdc_lag.py [SECONDS] [BIG_ROWS] [INTERVALS_MS...]   (PostgreSQL from the PG* variables)

A writer commits one small transaction every 10 ms (a new order, or an order's new status) for
SECONDS; the consumer of cdc.py polls the slot every INTERVAL ms. The lag of a transaction is the
time from its commit in PostgreSQL (the commit timestamp pgoutput sends) to the commit of the
DuckDB transaction that applied it. Then one transaction updates BIG_ROWS orders at once.
"""

from __future__ import annotations

import sys
import threading
import time

import duckdb
import psycopg

from cdc import Consumer, create_slot, drop_slot
from compare import percentile
from orders import DUCK_SCHEMA, PG_SCHEMA

SLOT = "orders_lag"


# ANCHOR: writer
def write(stop: threading.Event, start_id: int) -> int:
    """A small transaction, then 10 ms of sleep, until stopped; returns how many it committed."""
    with psycopg.connect(autocommit=True) as conn:
        i = start_id
        while not stop.is_set():
            i += 1
            if i % 3:
                conn.execute("INSERT INTO orders VALUES (%s, 7, now()::timestamp, 'placed', "
                             "'eu-west', 4200, '')", (i,))
            else:
                conn.execute("UPDATE orders SET status = 'paid' WHERE id = %s", (i - 1,))
            time.sleep(0.01)
        return i - start_id
# ANCHOR_END: writer


def run(pg: psycopg.Connection, consumer: Consumer, seconds: float, interval: float, start_id: int) -> list[float]:
    stop = threading.Event()
    result: list[int] = []
    writer = threading.Thread(target=lambda: result.append(write(stop, start_id)))
    writer.start()
    lags = []
    deadline = time.monotonic() + seconds
    # ANCHOR: consume
    while time.monotonic() < deadline or writer.is_alive():
        if time.monotonic() >= deadline:
            stop.set()
        for transaction, applied_at in consumer.poll():
            lags.append((applied_at - transaction.commit_time) * 1000)
        time.sleep(interval)
    # ANCHOR_END: consume
    for transaction, applied_at in consumer.poll():   # the last commits
        lags.append((applied_at - transaction.commit_time) * 1000)
    return lags


def main(seconds: float, big_rows: int, intervals: list[int]) -> None:
    with psycopg.connect(autocommit=True) as pg:
        pg.execute(PG_SCHEMA)
        duck = duckdb.connect()
        duck.execute(DUCK_SCHEMA)
        create_slot(pg, SLOT, "orders")
        try:
            consumer = Consumer(pg, duck, SLOT)
            print(f"one small transaction every 10 ms for {seconds} s; lag from commit in PostgreSQL "
                  f"to commit in DuckDB (ms):")
            print(f"  {'poll interval':>14} {'transactions':>12} {'min':>8} {'p50':>8} {'p99':>8} {'max':>8}")
            start_id = 0
            for interval in intervals:
                lags = run(pg, consumer, seconds, interval / 1000, start_id)
                start_id += 1_000_000
                print(f"  {interval:11} ms {len(lags):12} {min(lags):8.1f} {percentile(lags, 50):8.1f} "
                      f"{percentile(lags, 99):8.1f} {max(lags):8.1f}")
            pg_count = pg.execute("SELECT count(*), count(*) FILTER (WHERE status = 'paid') FROM orders").fetchone()
            duck_count = duck.execute("SELECT count(*), count(*) FILTER (WHERE status = 'paid') FROM orders").fetchone()
            print(f"orders (paid) in PostgreSQL: {pg_count[0]} ({pg_count[1]}), in DuckDB: {duck_count[0]} ({duck_count[1]})")

            # ANCHOR: big
            pg.execute("""INSERT INTO orders SELECT i, 7, '2026-01-13', 'placed', 'eu-west', 4200, ''
                          FROM generate_series(10000001, 10000000 + %s) AS i""", (big_rows,))
            consumer.poll()
            began = time.monotonic()
            pg.execute("UPDATE orders SET status = 'paid' WHERE id > 10000000")
            updated = time.monotonic()
            applied = []
            while not applied:
                applied = consumer.poll(max_changes=10 * big_rows)
            # ANCHOR_END: big
            transaction, applied_at = applied[0]
            print(f"one transaction updating {len(transaction.changes):,} orders: the UPDATE took "
                  f"{(updated - began) * 1000:.0f} ms, then DuckDB had it "
                  f"{(applied_at - transaction.commit_time) * 1000:.0f} ms after the commit")
        finally:
            drop_slot(pg, SLOT)


if __name__ == "__main__":
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    big = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    main(seconds, big, [int(a) for a in sys.argv[3:]] or [10, 100])

"""Two costs of a long report on the OLTP database that no latency chart shows until it is late.

Usage: python long_report.py   (PostgreSQL from the PG* variables)

horizon: while a report's REPEATABLE READ transaction is open, VACUUM cannot remove the row
versions that updates made dead after the report's snapshot was taken.
lock_queue: a report holds a lock that a migration's ALTER TABLE must wait for, and every
query that comes after the ALTER TABLE waits behind it.
"""

from __future__ import annotations

import re
import threading
import time

import psycopg

from orders import load_postgresql

ROWS = 100_000


def vacuum(conn: psycopg.Connection) -> str:
    """VACUUM (VERBOSE) orders; its line about the tuples it found."""
    notices: list[str] = []
    def collect(diag: psycopg.errors.Diagnostic) -> None:
        notices.append(diag.message_primary or "")

    conn.add_notice_handler(collect)
    conn.execute("VACUUM (VERBOSE) orders")
    conn.remove_notice_handler(collect)
    text = "\n".join(notices)
    return re.search(r"tuples: .*", text).group(0)


def wait_until_queued(conn: psycopg.Connection) -> None:
    """Wait until some session waits for a lock on orders."""
    while not conn.execute("SELECT EXISTS (SELECT FROM pg_locks WHERE relation = 'orders'::regclass"
                           " AND NOT granted)").fetchone()[0]:
        time.sleep(0.01)


def horizon() -> None:
    print("==> horizon <==")
    with psycopg.connect(autocommit=True) as app, psycopg.connect(autocommit=True) as analyst:
        load_postgresql(app, ROWS)
        app.execute("ALTER TABLE orders SET (autovacuum_enabled = off)")  # only our VACUUM runs
        # ANCHOR: horizon
        analyst.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        analyst.execute("SELECT count(*) FROM orders").fetchone()  # the snapshot is taken here

        app.execute("UPDATE orders SET status = 'shipped' WHERE status = 'paid'")
        print("with the report's transaction open:", vacuum(app))

        analyst.execute("COMMIT")
        print("after the report committed:        ", vacuum(app))
        # ANCHOR_END: horizon


def lock_queue() -> None:
    print("==> lock_queue <==")
    with psycopg.connect(autocommit=True) as app:
        load_postgresql(app, 1000)
    report = psycopg.connect(autocommit=True)
    migration = psycopg.connect(autocommit=True)
    api = psycopg.connect(autocommit=True)
    try:
        # ANCHOR: lock_queue
        # A report's transaction has read orders and is still open (it has more queries to run).
        report.execute("BEGIN")
        report.execute("SELECT count(*) FROM orders").fetchone()

        # A deploy's migration: it needs an ACCESS EXCLUSIVE lock, and queues behind the report.
        def migrate() -> None:
            migration.execute("ALTER TABLE orders ADD COLUMN gift boolean")

        waiting = threading.Thread(target=migrate)
        waiting.start()
        wait_until_queued(api)

        # A point lookup from the API, with the timeout an API would give it.
        api.execute("SET statement_timeout = '1s'")
        began = time.monotonic()
        try:
            api.execute("SELECT status FROM orders WHERE id = 42").fetchone()
            print("API lookup: answered")
        except psycopg.errors.QueryCanceled as error:
            print(f"API lookup: {error.diag.message_primary} after {time.monotonic() - began:.1f} s")
        # ANCHOR_END: lock_queue
        rows = api.execute("""
            SELECT a.query, a.wait_event_type, l.mode, l.granted
            FROM pg_locks l JOIN pg_stat_activity a USING (pid)
            WHERE l.relation = 'orders'::regclass AND a.pid <> pg_backend_pid()
            ORDER BY l.granted DESC, a.query
        """).fetchall()
        for query, wait, mode, granted in rows:
            print(f"  {'holds  ' if granted else 'waits  '} {mode:20} {query.strip()[:60]}")
        report.execute("COMMIT")
        waiting.join()
        print("after the report committed: the ALTER TABLE ran, and the lookup",
              "answers:", api.execute("SELECT status FROM orders WHERE id = 42").fetchone()[0])
    finally:
        for conn in (report, migration, api):
            conn.close()


if __name__ == "__main__":
    horizon()
    lock_queue()

"""Set up the situations the diagnostic queries of diagnostics.sql are for, and print what they say.

    python diagnose.py      (the server of libpq's PG* variables, with pg_stat_statements preloaded)

1. A workload: a report that sorts 300,000 rows (three runs) and 200 lookups by primary key, with
   pg_stat_statements reset for this database first: top_statements ranks them.
2. A lock queue: "billing-worker" updates account 1 in a transaction and then waits for its client
   (idle in transaction); "api" tries to update the same row and waits for the lock. sessions and
   blocked show both, and who blocks whom.
3. The same lock queue with idle_in_transaction_session_timeout set on the worker's role: the
   server ends the idle transaction, and the waiting update goes through.
4. pg_stat_io, the server's I/O by kind of process and of operation, reset when this script starts
   (the book's test server has run other folders before): so it counts this script's own work.
"""

from __future__ import annotations

import re
import secrets
import threading
import time

import psycopg
from psycopg import sql

from sections import query, rows, show

REPORT = "SELECT order_id, amount FROM orders ORDER BY amount DESC"
LOOKUP = "SELECT amount FROM orders WHERE order_id = %s"
WORKER_ROLE = "tuning_worker"  # a login role like a background worker's: not a superuser
IDLE_TIMEOUT = "500ms"


def connect(application_name: str) -> psycopg.Connection:
    return psycopg.connect(autocommit=True, application_name=application_name)


def main() -> None:
    with connect("diagnostics") as me:
        me.execute("SELECT pg_stat_reset_shared('io')")
        me.execute("""
            CREATE TABLE orders AS
            SELECT g AS order_id, round((g::bigint * 104729 % 100000) / 100.0, 2) AS amount
            FROM generate_series(1, 300000) AS g;
            ALTER TABLE orders ADD PRIMARY KEY (order_id);
            CREATE TABLE accounts (id int PRIMARY KEY, balance numeric NOT NULL);
            INSERT INTO accounts VALUES (1, 100), (2, 100);
        """)
        me.execute("VACUUM ANALYZE orders")
        me.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        me.execute("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)")

        with connect("reports") as reports, connect("api") as api:
            for _ in range(3):
                reports.execute(REPORT).fetchall()
            for n in range(1, 201):  # ids above 32767: psycopg sends them all as int4, so one entry
                api.execute(LOOKUP, (100_000 + n * 997,)).fetchone()
        show("top_statements", rows(me, query("diagnostics.sql", "top_statements")))

        with connect("billing-worker") as worker, connect("api") as api:
            worker.execute("BEGIN")
            worker.execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1")
            waiting = threading.Thread(target=api.execute, args=("UPDATE accounts SET balance = balance + 5 WHERE id = 1",))
            waiting.start()
            wait_for_lock_wait(me)
            time.sleep(1.0)  # so that the transaction ages show a whole second
            show("sessions", rows(me, query("diagnostics.sql", "sessions")))
            show("blocked", rows(me, query("diagnostics.sql", "blocked")))
            worker.execute("ROLLBACK")
            waiting.join()

        show("idle_timeout", idle_timeout(me))
        show("io", rows(me, query("diagnostics.sql", "io")))


def idle_timeout(me: psycopg.Connection) -> list[str]:
    """The worker again, as a role with idle_in_transaction_session_timeout: nobody ends it by hand."""
    password = secrets.token_urlsafe(18)
    role = sql.Identifier(WORKER_ROLE)
    me.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(role, sql.Literal(password)))
    try:
        me.execute(sql.SQL("GRANT SELECT, UPDATE ON accounts TO {}").format(role))
        me.execute(sql.SQL("ALTER ROLE {} SET idle_in_transaction_session_timeout = {}").format(role, sql.Literal(IDLE_TIMEOUT)))
        lines = [f"ALTER ROLE {WORKER_ROLE} SET idle_in_transaction_session_timeout = '{IDLE_TIMEOUT}'"]
        before = me.execute("SELECT balance FROM accounts WHERE id = 1").fetchone()[0]
        lines.append(f"account 1: balance {before}")
        with psycopg.connect(user=WORKER_ROLE, password=password, autocommit=True,
                             application_name="billing-worker") as worker, connect("api") as api:
            worker.execute("BEGIN")
            worker.execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1")
            lines.append("billing-worker: BEGIN; UPDATE accounts SET balance = balance - 10 WHERE id = 1; then nothing")
            started = time.monotonic()
            api.execute("UPDATE accounts SET balance = balance + 5 WHERE id = 1")
            lines.append(f"api: UPDATE accounts SET balance = balance + 5 WHERE id = 1 -> done after {time.monotonic() - started:.1f} s")
            try:
                worker.execute("COMMIT")
                lines.append("billing-worker: COMMIT -> ok")
            except psycopg.Error as ended:
                message = re.search(r"terminating connection due to [\w-]+ timeout", str(ended))
                lines.append(f"billing-worker: COMMIT -> FATAL:  {message.group(0) if message else ended}")
            lines.append(f"billing-worker's connection: {'closed' if worker.closed else 'open'}")
        balance = me.execute("SELECT balance FROM accounts WHERE id = 1").fetchone()[0]
        lines.append(f"account 1: balance {balance}")
        return lines
    finally:
        me.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (WORKER_ROLE,))
        me.execute(sql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(role))


def wait_for_lock_wait(conn: psycopg.Connection) -> None:
    for _ in range(200):
        if conn.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        " AND datname = current_database()").fetchone()[0]:
            return
        time.sleep(0.05)
    raise RuntimeError("the second update never waited for the lock")


if __name__ == "__main__":
    main()

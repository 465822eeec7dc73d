"""What the cheap read designs cost on the write path, on PostgreSQL 18.

    python write_cost.py [WRITES]

Loads the tables of badge.sql and inbox.sql, then writes WRITES notifications and WRITES messages,
each in its own transaction, the way the cheap designs need them written: a notification with its
unread counter, a message with its conversation's last_activity_at. pg_stat_statements gives the
WAL each statement wrote; pg_stat_user_tables says which updates were HOT (no new index entries).
"""

from __future__ import annotations

import random
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg

HERE = Path(__file__).parent


def section(file: str, name: str) -> str:
    """The SQL between `-- ANCHOR: name` and `-- ANCHOR_END: name` in a file of this folder."""
    text = (HERE / file).read_text()
    match = re.search(rf"^-- ANCHOR: {name}\n(.*?)^-- ANCHOR_END: {name}\n", text, re.S | re.M)
    assert match, f"{file} has no section {name}"
    return match.group(1)


def load(conn: psycopg.Connection) -> None:
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    conn.execute(section("badge.sql", "tables"))
    conn.execute(section("inbox.sql", "tables"))
    conn.execute(section("inbox.sql", "denormalise"))
    conn.execute("VACUUM (ANALYZE) notifications, unread_counters, conversations, messages")
    conn.execute("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)")
    conn.execute("SELECT pg_stat_force_next_flush()")  # flushed when the session is next idle
    for table in ("unread_counters", "conversations"):  # then forget the loading's updates
        conn.execute("SELECT pg_stat_reset_single_table_counters(%s::regclass)", (table,))


# ANCHOR: writes
def add_notification(conn: psycopg.Connection, user_id: int, at: datetime, body: str) -> None:
    with conn.transaction():
        conn.execute(
            "INSERT INTO notifications (user_id, created_at, body) VALUES (%s, %s, %s)",
            (user_id, at, body),
        )
        conn.execute(
            "UPDATE unread_counters SET unread = unread + 1 WHERE user_id = %s",
            (user_id,),
        )


def add_message(conn: psycopg.Connection, conversation_id: int, at: datetime, body: str) -> None:
    with conn.transaction():
        conn.execute(
            "INSERT INTO messages (conversation_id, created_at, body) VALUES (%s, %s, %s)",
            (conversation_id, at, body),
        )
        conn.execute(
            "UPDATE conversations SET last_activity_at = %s WHERE id = %s",
            (at, conversation_id),
        )
# ANCHOR_END: writes


STATEMENTS = """
SELECT CASE WHEN query LIKE 'INSERT INTO notifications%%' THEN 'notification_insert'
            WHEN query LIKE 'UPDATE unread_counters%%' THEN 'counter_update'
            WHEN query LIKE 'INSERT INTO messages%%' THEN 'message_insert'
            WHEN query LIKE 'UPDATE conversations%%' THEN 'activity_update' END AS statement,
       calls, wal_records, wal_bytes
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND (query LIKE 'INSERT INTO %%' OR query LIKE 'UPDATE %%')
ORDER BY 1
"""


def main(argv: list[str]) -> int:
    writes = int(argv[0]) if argv else 2000
    rng = random.Random(18)
    start = datetime(2026, 4, 15, tzinfo=timezone.utc)
    with psycopg.connect(autocommit=True) as conn:
        load(conn)
        index_pages = "SELECT pg_relation_size('conversations_last_activity') / 8192"
        pages_before = conn.execute(index_pages).fetchone()[0]
        for i in range(writes):
            at = start + timedelta(seconds=i)
            # One notification in six for user 1, as in the loaded data.
            user_id = 1 if i % 6 == 0 else rng.randint(2, 1000)
            add_notification(conn, user_id, at, f"Build #{300001 + i} finished on branch feature-{i % 97}")
            add_message(conn, rng.randint(1, 20000), at, f"Reply {200001 + i}: we are looking into it")
        print(f"driver: psycopg {psycopg.__version__}")
        print(f"writes of each kind: {writes}")
        for statement, calls, records, wal_bytes in conn.execute(STATEMENTS):
            print(f"{statement}: calls {calls}, WAL records {records / calls:.2f} per call, WAL bytes {wal_bytes / calls:.0f} per call")
        pages_after = conn.execute(index_pages).fetchone()[0]
        print(f"conversations_last_activity index: {pages_before} pages before, {pages_after} after")
        conn.execute("SELECT pg_stat_force_next_flush()")
        for table, updates, hot in conn.execute(
            "SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables"
            " WHERE relname IN ('unread_counters', 'conversations') ORDER BY relname"
        ):
            print(f"{table}: updates {updates}, HOT updates {hot}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

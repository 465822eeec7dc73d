"""What the cheap read designs cost on the write path, on PostgreSQL 18.

    python write_cost.py [WRITES]

Loads the tables of badge.sql and inbox.sql, takes a checkpoint, then writes WRITES notifications
and WRITES messages, each in its own transaction, the way the cheap designs need them written: a
notification with its unread counter, a message with its conversation's last_activity_at. Then it
writes as many again for the same users and conversations, with no checkpoint in between. pg_stat_statements gives the WAL each statement
wrote in each round, with the full-page images in it; pg_stat_user_tables says which updates of
the first round were HOT (no new index entries). Last, the counter table is rewritten with a
fillfactor of 70 and the notifications of the first round are written once more, to see how many
counter updates are HOT when each page has room.

The server settings the WAL depends on are printed first; records.toml sets those it can for this
run (full_page_writes, wal_compression, checkpoint_timeout), and wal_level is the server's.
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
    conn.execute(section("inbox.sql", "denormalise_index"))  # after the backfill committed
    conn.execute("VACUUM (ANALYZE) notifications, unread_counters, conversations, messages")


def reset_statistics(conn: psycopg.Connection) -> None:
    """Forget the WAL of the statements so far, and the updates the tables have seen."""
    conn.execute("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)")
    conn.execute("SELECT pg_stat_force_next_flush()")  # flushed when the session is next idle
    for table in ("unread_counters", "conversations"):
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
       calls, wal_records, wal_bytes, wal_fpi
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND (query LIKE 'INSERT INTO %%' OR query LIKE 'UPDATE %%')
ORDER BY 1
"""


SETTINGS = ("wal_level", "full_page_writes", "wal_compression", "checkpoint_timeout", "fsync", "synchronous_commit")


def write(conn: psycopg.Connection, writes: int, offset: int, messages: bool = True) -> None:
    """WRITES notifications (one in six for user 1, as in the loaded data) and as many messages."""
    users, conversations = random.Random(18), random.Random(19)  # the same users and conversations each round
    start = datetime(2026, 4, 15, tzinfo=timezone.utc)
    for i in range(offset, offset + writes):
        at = start + timedelta(seconds=i)
        user_id = 1 if i % 6 == 0 else users.randint(2, 1000)
        add_notification(conn, user_id, at, f"Build #{300001 + i} finished on branch feature-{i % 97}")
        if messages:
            add_message(conn, conversations.randint(1, 20000), at, f"Reply {200001 + i}: we are looking into it")


def report_wal(conn: psycopg.Connection, round_name: str) -> None:
    for statement, calls, records, wal_bytes, fpi in conn.execute(STATEMENTS):
        print(f"{round_name} {statement}: calls {calls}, WAL records {records / calls:.2f} per call, "
              f"WAL bytes {wal_bytes / calls:.0f} per call, full-page images {fpi / calls:.2f} per call")


def report_hot(conn: psycopg.Connection, label: str = "") -> None:
    conn.execute("SELECT pg_stat_force_next_flush()")
    for table, updates, hot in conn.execute(
        "SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables"
        " WHERE relname IN ('unread_counters', 'conversations') AND n_tup_upd > 0 ORDER BY relname"
    ):
        print(f"{table}{label}: updates {updates}, HOT updates {hot}")


def main(argv: list[str]) -> int:
    writes = int(argv[0]) if argv else 2000
    with psycopg.connect(autocommit=True) as conn:
        settings = ", ".join(f"{name} {conn.execute(f'SHOW {name}').fetchone()[0]}" for name in SETTINGS)
        print(f"settings: {settings}")
        print(f"driver: psycopg {psycopg.__version__}")
        print(f"writes of each kind, per round: {writes}")
        load(conn)
        index_pages = "SELECT pg_relation_size('conversations_last_activity') / 8192"
        pages_before = conn.execute(index_pages).fetchone()[0]

        # Round one: the first change to each page after a checkpoint also writes the whole page.
        conn.execute("CHECKPOINT")
        reset_statistics(conn)
        write(conn, writes, 0)
        report_wal(conn, "first")
        report_hot(conn)

        # Round two: the same users and conversations again, so every page these writes change has
        # been written once since the checkpoint, and no whole page is logged again.
        reset_statistics(conn)
        write(conn, writes, writes)
        report_wal(conn, "next")
        pages_after = conn.execute(index_pages).fetchone()[0]
        conn.execute("VACUUM conversations")
        pages_vacuumed, entries = conn.execute(
            "SELECT pg_relation_size(oid) / 8192, reltuples::bigint FROM pg_class"
            " WHERE relname = 'conversations_last_activity'").fetchone()
        print(f"conversations_last_activity index: {pages_before} pages before, {pages_after} after "
              f"{2 * writes} updates, {pages_vacuumed} after VACUUM, which left {entries} entries")

        # The counter table again, rewritten with room on every page for updated versions.
        conn.execute("ALTER TABLE unread_counters SET (fillfactor = 70)")
        conn.execute("VACUUM FULL unread_counters")
        reset_statistics(conn)
        write(conn, writes, 0, messages=False)
        report_hot(conn, " at fillfactor 70")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Two writers, one counter row: what the second one waits for, on PostgreSQL 18.

    python contention.py [HOLD_MS]

Writer A adds a notification for user 1 and increments user 1's unread counter, then keeps its
transaction open for HOLD_MS milliseconds (the rest of its request: another query, a call to
another service). Writer B does the same for user 1 meanwhile. A third connection looks at what B
is waiting for. Both writers load nothing: the tables are badge.sql's, loaded first. Last, two
writers queue behind a third on the same row, to see what the second in line waits for.
"""

from __future__ import annotations

import sys
import threading
import time

import psycopg

from write_cost import section

INSERT = "INSERT INTO notifications (user_id, created_at, body) VALUES (1, now(), 'Build finished')"
INCREMENT = "UPDATE unread_counters SET unread = unread + 1 WHERE user_id = 1"
WAIT = "SELECT wait_event_type, wait_event FROM pg_stat_activity WHERE pid = %s"


def waiting_on(observer: psycopg.Connection, conn: psycopg.Connection) -> str:
    """What ``conn``'s session waits for, once it waits for a lock (at most 10 s)."""
    deadline = time.monotonic() + 10
    while True:
        kind, event = observer.execute(WAIT, (conn.info.backend_pid,)).fetchone()
        if kind == "Lock" or time.monotonic() > deadline:
            return f"{kind} / {event}"
        time.sleep(0.01)


def queue_of_two() -> list[str]:
    """A holds user 1's counter row; B, then C, try to increment it: what each of them waits for.
    The first in line waits for A's transaction; it holds the row's tuple lock meanwhile, and the
    one behind it waits for that (PostgreSQL's src/backend/access/heap/README.tuplock)."""
    a, b, c = psycopg.connect(), psycopg.connect(), psycopg.connect()
    observer = psycopg.connect(autocommit=True)
    a.execute(INCREMENT)
    threads, waits = [], []
    for conn in (b, c):
        thread = threading.Thread(target=lambda conn=conn: (conn.execute(INCREMENT), conn.commit()))
        thread.start()
        threads.append(thread)
        waits.append(waiting_on(observer, conn))  # B is in line before C arrives
    waits[0] = waiting_on(observer, b)  # and still waits for the same thing once C is behind it
    a.commit()
    for thread in threads:
        thread.join()
    for conn in (a, b, c, observer):
        conn.close()
    return waits


def main(argv: list[str]) -> int:
    hold = (int(argv[0]) if argv else 500) / 1000
    with psycopg.connect(autocommit=True) as setup:
        setup.execute(section("badge.sql", "tables"))
    a = psycopg.connect()
    b = psycopg.connect()
    observer = psycopg.connect(autocommit=True)
    timings: dict[str, float] = {}

    # ANCHOR: writers
    def writer_b() -> None:
        started = time.perf_counter()
        b.execute(INSERT)
        timings["insert"] = time.perf_counter() - started
        started = time.perf_counter()
        b.execute(INCREMENT)  # the row is A's until A commits
        timings["increment"] = time.perf_counter() - started
        b.commit()

    a.execute(INSERT)
    a.execute(INCREMENT)
    second = threading.Thread(target=writer_b)
    second.start()
    time.sleep(hold / 2)
    waiting = observer.execute(
        "SELECT wait_event_type, wait_event, left(query, 30) FROM pg_stat_activity WHERE pid = %s",
        (b.info.backend_pid,),
    ).fetchone()
    time.sleep(hold / 2)
    a.commit()
    second.join()
    # ANCHOR_END: writers

    print(f"writer A held its transaction open for {hold * 1000:.0f} ms after its increment")
    print(f"writer B, half-way: waiting on {waiting[0]} / {waiting[1]} in '{waiting[2]}...'")
    print(f"writer B, its insert of the notification: {timings['insert'] * 1000:.1f} ms")
    print(f"writer B, its increment of the counter: {timings['increment'] * 1000:.1f} ms")
    unread = observer.execute("SELECT unread FROM unread_counters WHERE user_id = 1").fetchone()[0]
    print(f"user 1's counter afterwards: {unread}")
    for conn in (a, b, observer):
        conn.close()
    first, second = queue_of_two()
    print(f"two writers in line behind a third: the first waits for {first}, the second for {second}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

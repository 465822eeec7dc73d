"""What a connection costs: opening one per query, directly and through PgBouncer, against reusing one.

    python connect_cost.py [QUERIES] [ROUNDS]     (PostgreSQL from libpq's PG* variables)

Each way runs QUERIES times "SELECT 1" (200 by default), in ROUNDS rounds (5) taken in turn, so that
the machine's other load falls on all of them alike; the figures are milliseconds per query, the
fastest round and the median one. Then twenty idle sessions that have each run one query: the
private memory of their server processes (Private_Clean + Private_Dirty in /proc/PID/smaps_rollup,
readable as root or as the server's own account).
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable

import psycopg

from pgbouncer import Bouncer, pgbouncer


def per_query_ms(queries: int, run: Callable[[], None]) -> float:
    started = time.perf_counter()
    for _ in range(queries):
        run()
    return (time.perf_counter() - started) * 1000 / queries


def new_connection(dsn: str) -> Callable[[], None]:
    def run() -> None:
        with psycopg.connect(dsn) as conn:
            conn.execute("SELECT 1").fetchone()
    return run


def private_kb(pid: int) -> int:
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        fields = dict(re.findall(r"^(\w+):\s+(\d+) kB", rollup.read(), re.MULTILINE))
    return int(fields["Private_Clean"]) + int(fields["Private_Dirty"])


def main(queries: int, rounds: int) -> None:
    with pgbouncer("transaction", 4) as bouncer, psycopg.connect(autocommit=True) as held:
        database = held.info.dbname
        ways: dict[str, Callable[[], None]] = {
            "new connection to PostgreSQL, one query, close": new_connection(""),
            "new connection to PgBouncer, one query, close": new_connection(bouncer.dsn(database)),
            "one query on an open connection to PostgreSQL": lambda: held.execute("SELECT 1").fetchone(),
        }
        results: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(rounds):
            for name, run in ways.items():
                results[name].append(per_query_ms(queries, run))
    print(f"milliseconds per query, fastest / median of {rounds} rounds of {queries}")
    for name, times in results.items():
        print(f"  {name:<48} {min(times):7.3f} / {statistics.median(times):7.3f}")

    sessions = [psycopg.connect(autocommit=True) for _ in range(20)]
    try:
        pids = [conn.execute("SELECT pg_backend_pid() FROM pg_class LIMIT 1").fetchone()[0] for conn in sessions]
        memory = statistics.median(private_kb(pid) for pid in pids)
    finally:
        for conn in sessions:
            conn.close()
    print(f"private memory of an idle server process after one query: {memory / 1024:.1f} MB (median of {len(pids)})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, int(sys.argv[2]) if len(sys.argv) > 2 else 5)

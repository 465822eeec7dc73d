"""What an analytical scan on the OLTP database does to its point lookups.

Usage: python interference.py [ROWS] [SECONDS] [ROUNDS] [SCANNERS]   (PostgreSQL from the PG* variables)

Point lookups (a primary-key SELECT of a random order, as an API handler runs it) are timed alone and while
SCANNERS other sessions run the revenue report of compare.py in a loop, with PostgreSQL's default
parallelism. The two conditions alternate ROUNDS times, so that the machine's other load falls on
both.
"""

from __future__ import annotations

import random
import sys
import threading
import time

import psycopg

from compare import PG_LOOKUP, REPORT, percentile, timed
from orders import load_postgresql


# ANCHOR: scanner
class Scanner(threading.Thread):
    """A session that runs the report again and again until stopped, as a dashboard would."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.conn = psycopg.connect(autocommit=True)
        self.stopping = threading.Event()
        self.scans = 0

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.conn.execute(REPORT).fetchall()
                self.scans += 1
            except psycopg.errors.QueryCanceled:
                return

    def stop(self) -> None:
        self.stopping.set()
        self.conn.cancel_safe()
        self.join()
        self.conn.close()
# ANCHOR_END: scanner


def lookups(conn: psycopg.Connection, ids: random.Random, rows: int, seconds: float) -> list[float]:
    """Look up random orders for ``seconds``; the milliseconds of each lookup."""
    spent = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        i = ids.randint(1, rows)
        spent += timed(lambda: conn.execute(PG_LOOKUP, (i,), prepare=True).fetchone(), 1)
    return spent


def main(rows: int, seconds: float, rounds: int, scanners: int) -> None:
    with psycopg.connect(autocommit=True) as conn:
        load_postgresql(conn, rows)
        workers = conn.execute("SHOW max_parallel_workers_per_gather").fetchone()[0]
        print(f"orders: {rows:,} rows; {scanners} sessions scanning, max_parallel_workers_per_gather = {workers}")
        ids = random.Random(7)
        lookups(conn, ids, rows, 0.2)  # warm the index and the connection's prepared statement
        alone, beside, scans = [], [], 0
        for _ in range(rounds):
            alone += lookups(conn, ids, rows, seconds)
            running = [Scanner() for _ in range(scanners)]
            for scanner in running:
                scanner.start()
            time.sleep(0.1)  # let the reports start
            beside += lookups(conn, ids, rows, seconds)
            for scanner in running:
                scanner.stop()
                scans += scanner.scans
        print(f"point lookups by primary key, {rounds} rounds of {seconds} s per condition (ms):")
        print(f"  {'':20} {'lookups':>8} {'p50':>8} {'p99':>8} {'max':>8}")
        for label, spent in (("alone", alone), ("beside the reports", beside)):
            print(f"  {label:20} {len(spent):8,} {percentile(spent, 50):8.3f} {percentile(spent, 99):8.3f} {max(spent):8.1f}")
        print(f"reports that ran to the end meanwhile: {scans}")


if __name__ == "__main__":
    args = [float(a) if "." in a else int(a) for a in sys.argv[1:]]
    main(*(args + [500_000, 1.0, 3, 2][len(args):]))

"""Checkpoints and WAL volume under one write load, for each of several values of max_wal_size.

    python checkpoints.py [--rows ROWS] SECTION=MAX_WAL_SIZE...

One private server (private_server.py) with, unlike the book's shared test server, fsync and
full_page_writes on, as in production; its log is read after each run. max_wal_size takes effect on
a reload, so the runs share the server: before each, ALTER SYSTEM sets it and the configuration is
reloaded. The load: a new table of ROWS accounts (300,000 by default), then three UPDATEs of every
row, the way a batch job rewrites a table. Before it, a CHECKPOINT, so that every run starts from
the same point (and any checkpoint of the run before has finished); after it, what the server says
happened: checkpoints started (pg_stat_checkpointer), WAL records, full-page images and bytes
(pg_stat_wal), as differences over the load, and the checkpoint lines its log gained. Each run
prints a section named SECTION. A checkpoint started by WAL volume spreads its writes over time, so
the last one may still be running when the script reads the counters; it does not wait for it.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import psycopg

from private_server import private_server_and_log
from sections import show

CHECKPOINTER = "SELECT num_timed, num_requested FROM pg_stat_checkpointer"
WAL = "SELECT wal_records, wal_fpi, wal_bytes FROM pg_stat_wal"
# A log line without its time stamp and process id: "LOG:  checkpoint starting: wal".
LOG_LINE = re.compile(r"^\S+ \S+ \S+ \[\d+\] ((?:LOG|HINT):\s+.*)$", re.MULTILINE)


def checkpoints(conn: psycopg.Connection) -> tuple:
    """pg_stat_checkpointer's counts of checkpoints started. The checkpointer reports them while it
    works, not only at the end of a checkpoint; a second is enough for the last one to show."""
    time.sleep(1.5)
    return conn.execute(CHECKPOINTER).fetchone()


def flushed_wal(conn: psycopg.Connection) -> tuple:
    """pg_stat_wal after this backend has flushed its own WAL counters (sent at most once a second)."""
    conn.execute("SELECT pg_stat_force_next_flush()")
    conn.execute("SELECT 1")
    return conn.execute(WAL).fetchone()


def checkpoint_log(log: Path, since: int) -> list[str]:
    """The log's lines about checkpoints requested by WAL volume, written after offset ``since``."""
    lines = LOG_LINE.findall(log.read_text(errors="replace")[since:])
    return [line for line in lines if "checkpoint starting: wal" in line or "too frequently" in line
            or "max_wal_size" in line]


def run(conn: psycopg.Connection, log: Path, max_wal_size: str, rows: int) -> list[str]:
    conn.execute(f"ALTER SYSTEM SET max_wal_size = '{max_wal_size}'")
    conn.execute("SELECT pg_reload_conf()")
    wait_for_setting(conn, "max_wal_size", max_wal_size)
    shown = {name: conn.execute(f"SHOW {name}").fetchone()[0]
             for name in ("max_wal_size", "checkpoint_timeout", "log_checkpoints", "full_page_writes", "fsync")}
    conn.execute("DROP TABLE IF EXISTS accounts")
    conn.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL, note text NOT NULL)")
    conn.execute("INSERT INTO accounts SELECT g, 0, repeat('x', 60) FROM generate_series(1, %s) AS g", (rows,))
    conn.execute("CHECKPOINT")
    checkpoints_before, wal_before = checkpoints(conn), flushed_wal(conn)
    log_offset = len(log.read_text(errors="replace"))
    started = time.monotonic()
    for _ in range(3):
        conn.execute("UPDATE accounts SET balance = balance + 1")
    seconds = time.monotonic() - started
    wal_after, checkpoints_after = flushed_wal(conn), checkpoints(conn)
    logged = checkpoint_log(log, log_offset)

    timed, requested = (after - before for after, before in zip(checkpoints_after, checkpoints_before))
    records, fpi, wal_bytes = (after - before for after, before in zip(wal_after, wal_before))
    starts = sum("checkpoint starting: wal" in line for line in logged)
    warnings = [line for line in logged if "too frequently" in line]
    lines = [", ".join(f"{name} = {value}" for name, value in shown.items()),
             f"load: {rows:,} rows, three UPDATEs of every row, {seconds:.1f} s",
             f"WAL written: {wal_bytes / 2**20:,.0f} MB ({records:,} records, {fpi:,} full-page images)",
             f"checkpoints started: {requested} requested, {timed} timed",
             f"server log: {starts} lines 'checkpoint starting: wal', {len(warnings)} warnings 'too frequently'"]
    if warnings:
        first = logged.index(warnings[0])
        lines.append("first warning:")
        lines += [f"  {line}" for line in logged[first:first + 2]]
    return lines


def wait_for_setting(conn: psycopg.Connection, name: str, value: str) -> None:
    """A reload is asynchronous: this session takes the new value before its next statement or soon after."""
    for _ in range(100):
        if conn.execute(f"SHOW {name}").fetchone()[0] == value:
            return
        time.sleep(0.05)
    raise RuntimeError(f"{name} did not become {value} after pg_reload_conf()")


def main(argv: list[str]) -> None:
    rows = 300_000
    if argv[:1] == ["--rows"]:
        rows, argv = int(argv[1]), argv[2:]
    runs = [argument.split("=", 1) for argument in argv]
    if not runs or any(len(run) != 2 for run in runs):
        sys.exit("usage: checkpoints.py [--rows ROWS] SECTION=MAX_WAL_SIZE...")
    with private_server_and_log({"fsync": "on", "full_page_writes": "on"}) as (conn, log):
        for section, max_wal_size in runs:
            show(section, run(conn, log, max_wal_size, rows))


if __name__ == "__main__":
    main(sys.argv[1:])

"""PostgreSQL 18's asynchronous I/O settings, and what they change in a cold sequential scan here.

    python aio.py settings                 the runner's server: the settings, its I/O workers, and
                                           what pg_stat_io counts for one scan of a cold table
    python aio.py measure [ROWS] [REPEAT]  two private servers, io_method = sync and worker, with
                                           track_io_timing on: cold sequential scans, each
                                           configuration REPEAT times, and the time the scanning
                                           process spent reading or waiting for its reads

"Cold" means not in shared_buffers (pg_buffercache_evict_relation) and not in the operating
system's page cache (the table's files are flushed and dropped with posix_fadvise DONTNEED): every
page comes from the virtual disk. This needs the right to open the server's files, which the
producer has as root or as the account the server runs as.
"""

from __future__ import annotations

import glob
import os
import statistics
import sys
import time

import psycopg

from private_server import private_server
from sections import show

AIO_SETTINGS = ("io_method", "io_workers", "io_combine_limit", "io_max_combine_limit", "io_max_concurrency",
                "effective_io_concurrency", "maintenance_io_concurrency")
# read_time (milliseconds, with track_io_timing on) is, in PostgreSQL 18, the time this process spent
# starting reads (with io_method = sync, the reads themselves) and waiting for those not yet done.
BACKEND_READS = """
    SELECT sum(reads) AS reads, sum(read_bytes) AS read_bytes, sum(read_time) AS read_time
    FROM pg_stat_get_backend_io(pg_backend_pid()) WHERE object = 'relation'"""


def make_table(conn: psycopg.Connection, rows: int) -> None:
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_buffercache")
    conn.execute(f"CREATE TABLE events AS SELECT g AS id, md5(g::text) AS payload FROM generate_series(1, {rows}) AS g")
    conn.execute("VACUUM events")
    conn.execute("SET max_parallel_workers_per_gather = 0")


def make_cold(conn: psycopg.Connection, table: str = "events") -> None:
    """Out of shared_buffers and out of the kernel's page cache."""
    conn.execute("CHECKPOINT")  # every page of the table written to its file (the shared server skips fsync)
    conn.execute("SELECT pg_buffercache_evict_relation(%s::regclass)", (table,))
    data = conn.execute("SHOW data_directory").fetchone()[0]
    path = os.path.join(data, conn.execute("SELECT pg_relation_filepath(%s::regclass)", (table,)).fetchone()[0])
    for segment in [path, *glob.glob(path + ".*")]:
        fd = os.open(segment, os.O_RDONLY)
        try:
            os.fsync(fd)  # the kernel drops clean pages only
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def backend_reads(conn: psycopg.Connection) -> tuple[int, int, float]:
    """This process's reads of relations so far: operations, bytes, milliseconds."""
    conn.execute("SELECT pg_stat_force_next_flush()")
    conn.execute("SELECT 1")  # this backend's I/O counters are flushed at the end of this statement
    reads, read_bytes, read_time = conn.execute(BACKEND_READS).fetchone()
    return int(reads or 0), int(read_bytes or 0), float(read_time or 0)


def settings() -> None:
    with psycopg.connect(autocommit=True) as conn:
        rows = conn.execute(
            "SELECT name, setting, boot_val, unit, context, enumvals FROM pg_settings WHERE name = ANY(%s)"
            " ORDER BY array_position(%s, name)", (list(AIO_SETTINGS), list(AIO_SETTINGS))).fetchall()
        lines = [f"{'setting':<28} {'value':>8} {'default':>8}  {'unit':<5} {'changed by'}"]
        for name, value, default, unit, context, choices in rows:
            lines.append(f"{name:<28} {value:>8} {default:>8}  {unit or '':<5} "
                         f"{'restart' if context == 'postmaster' else 'reload' if context == 'sighup' else 'SET'}")
            if choices:
                lines.append(f"  {name} accepts: {', '.join(choices)}")
        workers = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'io worker'").fetchone()[0]
        lines.append(f"I/O worker processes (pg_stat_activity): {workers}")
        show("aio_settings", lines)

        make_table(conn, 1_000_000)
        pages = conn.execute("SELECT relpages FROM pg_class WHERE relname = 'events'").fetchone()[0]
        make_cold(conn)
        before = backend_reads(conn)
        conn.execute("SELECT count(*) FROM events").fetchone()
        after = backend_reads(conn)
        reads, read_bytes = after[0] - before[0], after[1] - before[1]
        show("aio_scan_io", [
            f"one sequential scan of a cold table of {pages:,} pages ({pages * 8192 / 2**20:.0f} MB):",
            f"  read operations: {reads:,}",
            f"  bytes read: {read_bytes:,} ({read_bytes // 8192:,} pages)",
            f"  pages per read: {read_bytes / 8192 / reads:.1f}",
        ])


def measure(rows: int, repeat: int) -> None:
    print(f"cold sequential scans of one table, {repeat} of each, milliseconds (min / median);"
          f" a private server for each io_method, track_io_timing = on")
    for method in ("sync", "worker"):
        with private_server({"io_method": method, "track_io_timing": "on"}) as conn:
            make_table(conn, rows)
            if method == "sync":
                pages = conn.execute("SELECT relpages FROM pg_class WHERE relname = 'events'").fetchone()[0]
                print(f"table: {rows:,} rows, {pages:,} pages ({pages * 8192 / 2**20:.0f} MB)")
            workers = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'io worker'").fetchone()[0]
            for concurrency in (1, 16):
                conn.execute(f"SET effective_io_concurrency = {concurrency}")
                times = []
                before = backend_reads(conn)
                for _ in range(repeat):
                    make_cold(conn)
                    started = time.perf_counter()
                    conn.execute("SELECT count(*) FROM events").fetchone()
                    times.append((time.perf_counter() - started) * 1000)
                after = backend_reads(conn)
                reads = (after[0] - before[0]) // repeat
                read_ms = (after[2] - before[2]) / repeat
                print(f"io_method={method:<6} io_workers={workers} effective_io_concurrency={concurrency:<2}  "
                      f"{min(times):6.0f} / {statistics.median(times):6.0f} ms  ({reads:,} reads per scan, "
                      f"{read_ms:,.0f} ms reading or waiting, {read_ms / statistics.mean(times):.0%} of the scan)")


def main(argv: list[str]) -> None:
    if argv[:1] == ["settings"]:
        settings()
    elif argv[:1] == ["measure"]:
        rows = int(argv[1]) if len(argv) > 1 else 4_000_000
        measure(rows, int(argv[2]) if len(argv) > 2 else 7)
    else:
        sys.exit("usage: aio.py settings | aio.py measure [ROWS] [REPEAT]")


if __name__ == "__main__":
    main(sys.argv[1:])

"""What stays in shared_buffers after a sequential scan, by table size, for a given shared_buffers.

    python shared_buffers.py             the server of libpq's PG* variables (the runner's: 128MB)
    python shared_buffers.py 1GB         a private server started with shared_buffers = 1GB

Two tables, 14 MB and 66 MB, are evicted from shared_buffers (pg_buffercache_evict_relation, new in
PostgreSQL 18), then each is scanned twice. The buffer counts come from EXPLAIN (ANALYZE, BUFFERS):
"hit" pages were found in shared_buffers, "read" pages were asked of the operating system.
"""

from __future__ import annotations

import sys

import psycopg

from private_server import private_server

TABLES = {"accounts": 200_000, "events": 1_000_000}  # 14 MB and 66 MB of (id, md5 text) rows


def scan(conn: psycopg.Connection, table: str) -> tuple[int, int]:
    plan = conn.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT count(*) FROM {table}").fetchone()[0][0]["Plan"]
    return plan["Shared Hit Blocks"], plan["Shared Read Blocks"]


def report(conn: psycopg.Connection) -> None:
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_buffercache")
    conn.execute("SET max_parallel_workers_per_gather = 0")
    for table, rows in TABLES.items():
        conn.execute(f"CREATE TABLE {table} AS SELECT g AS id, md5(g::text) AS payload FROM generate_series(1, {rows}) AS g")
        conn.execute(f"VACUUM {table}")  # hint bits and visibility map written now, not during the scans
    shared_buffers = conn.execute("SHOW shared_buffers").fetchone()[0]
    print(f"shared_buffers = {shared_buffers}")
    print(f"{'table':<9} {'size':>6}  {'pages':>6}  {'1st scan hit/read':>17}  {'2nd scan hit/read':>17}  {'cached after':>12}")
    for table in TABLES:
        conn.execute("SELECT pg_buffercache_evict_relation(%s::regclass)", (table,))
        size, pages = conn.execute(
            "SELECT pg_size_pretty(pg_relation_size(%s::regclass)), relpages FROM pg_class WHERE oid = %s::regclass",
            (table, table)).fetchone()
        first, second = scan(conn, table), scan(conn, table)
        cached = conn.execute(
            "SELECT count(*) FROM pg_buffercache WHERE relfilenode = pg_relation_filenode(%s::regclass)"
            " AND reldatabase = (SELECT oid FROM pg_database WHERE datname = current_database())", (table,)).fetchone()[0]
        print(f"{table:<9} {size:>6}  {pages:>6,}  {first[0]:>8,}/{first[1]:<8,}  {second[0]:>8,}/{second[1]:<8,}  {cached:>12,}")


def main(argv: list[str]) -> None:
    if argv:
        with private_server({"shared_buffers": argv[0]}) as conn:
            report(conn)
    else:
        with psycopg.connect(autocommit=True) as conn:
            report(conn)


if __name__ == "__main__":
    main(sys.argv[1:])

"""How many no-op jobs per second the worker gets through PostgreSQL, per number of slots.

    python bench_throughput.py --dsn 'host=... dbname=scratch' [--jobs 3000] [--concurrency 1,2,4,8]

Needs an empty scratch database: it creates the jobs table, and drops it after each run.
A no-op job measures the queue's own cost (claim and complete, two commits per job); real
handlers add their own time on top.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import time
from datetime import timedelta

import psycopg

from pgworker import queue
from pgworker.worker import Worker, WorkerConfig


async def noop(job: queue.Job, conn: psycopg.AsyncConnection) -> None:
    pass


async def describe_server(conn: psycopg.AsyncConnection) -> str:
    settings = []
    for name in ("server_version", "fsync", "synchronous_commit"):
        value = (await (await conn.execute(f"SHOW {name}")).fetchone())[0]
        settings.append(f"{name}={value}")
    return ", ".join(settings)


async def one_run(dsn: str, jobs: int, concurrency: int) -> float:
    """Seconds from the worker's start until every job is done."""
    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        if (await (await conn.execute("SELECT to_regclass('jobs')")).fetchone())[0] is not None:
            raise SystemExit("bench_throughput.py: the database already has a jobs table; give it an empty one")
        await queue.install(conn)
        await conn.execute("INSERT INTO jobs (kind) SELECT 'noop' FROM generate_series(1, %s)", (jobs,))
        await conn.execute("ANALYZE jobs")
        config = WorkerConfig(concurrency=concurrency, poll_interval=0.01,
                              lease=timedelta(seconds=30), heartbeat_interval=10.0)
        stop = asyncio.Event()
        started = time.perf_counter()
        serving = asyncio.create_task(Worker(dsn, {"noop": noop}, config).serve(stop))
        while (await (await conn.execute("SELECT count(*) FROM jobs WHERE state <> 'done'")).fetchone())[0]:
            await asyncio.sleep(0.01)
        elapsed = time.perf_counter() - started
        stop.set()
        await serving
        await conn.execute("DROP TABLE jobs")
        return elapsed


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--jobs", type=int, default=3000)
    parser.add_argument("--concurrency", default="1,2,4,8")
    args = parser.parse_args()
    async with await psycopg.AsyncConnection.connect(args.dsn, autocommit=True) as conn:
        server = await describe_server(conn)
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, psycopg {psycopg.__version__}")
    print(f"postgresql: {server}")
    print(f"{'slots':>5}  {'jobs':>6}  {'seconds':>7}  {'jobs/s':>7}  {'load 1m':>8}")
    for concurrency in (int(n) for n in args.concurrency.split(",")):
        elapsed = await one_run(args.dsn, args.jobs, concurrency)
        load = os.getloadavg()[0]  # other processes compete for the same 2 CPUs and disk: say so
        print(f"{concurrency:>5}  {args.jobs:>6}  {elapsed:>7.2f}  {args.jobs / elapsed:>7.0f}  {load:>8.1f}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())

"""The worker in this process, on a real PostgreSQL 18: retries, dead letters, timeouts, leases."""

import asyncio
import logging
import time
from datetime import timedelta

import psycopg
import pytest

from pgworker import queue
from pgworker.backoff import RetryPolicy
from pgworker.handlers import credit_account
from pgworker.worker import Worker, WorkerConfig

FAST = dict(poll_interval=0.02, lease=timedelta(seconds=5), heartbeat_interval=1.0)


async def run_until(worker: Worker, dsn: str, done_sql: str, timeout: float = 10.0) -> None:
    """Serves until the query `done_sql` returns true, then stops the worker and waits for it."""
    stop = asyncio.Event()
    serving = asyncio.create_task(worker.serve(stop))
    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        async with asyncio.timeout(timeout):
            while not (await (await conn.execute(done_sql)).fetchone())[0]:
                await asyncio.sleep(0.02)
    stop.set()
    await serving


def events(caplog, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "pgworker" and r.getMessage() == name]


async def enqueue(dsn: str, kind: str, payload: dict, **options) -> int:
    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        return await queue.enqueue(conn, kind, payload, **options)


@pytest.fixture
def accounts(pg_conn, queue_dsn):
    pg_conn.execute("INSERT INTO accounts (id, balance_cents) VALUES (1, 1000)")


def test_a_failing_job_is_retried_with_backoff_then_dead_lettered(queue_dsn, pg_conn, caplog):
    caplog.set_level(logging.INFO, logger="pgworker")
    calls = []

    async def provider_down(job, conn):
        calls.append(job.attempt)
        raise ConnectionError("provider unavailable")

    policy = RetryPolicy(base=0.01, cap=1.0)
    draws = iter([0.5, 0.25])  # the injected random draws, one per retry
    worker = Worker(queue_dsn, {"notify": provider_down}, WorkerConfig(retry=policy, **FAST), rand=lambda: next(draws))

    async def scenario():
        await enqueue(queue_dsn, "notify", {}, max_attempts=3)
        await run_until(worker, queue_dsn, "SELECT state = 'dead' FROM jobs")

    asyncio.run(scenario())
    assert calls == [1, 2, 3]
    retries = events(caplog, "job.retry_scheduled")
    assert [r.fields["retry_in_s"] for r in retries] == [
        round(policy.ceiling(1) * 0.5, 3),
        round(policy.ceiling(2) * 0.25, 3),
    ]
    [dead] = events(caplog, "job.dead_lettered")
    assert dead.fields == {"job_id": 1, "kind": "notify", "attempt": 3,
                           "error": "ConnectionError: provider unavailable"}
    row = pg_conn.execute("SELECT attempts, last_error, finished_at IS NOT NULL FROM jobs").fetchone()
    assert row == (3, "ConnectionError: provider unavailable", True)


def test_a_permanent_error_dead_letters_at_once_and_rolls_back(queue_dsn, pg_conn, accounts):
    worker = Worker(queue_dsn, {"credit_account": credit_account}, WorkerConfig(**FAST))
    payload = {"transfer_id": "t-1", "account_id": 99, "amount_cents": 500}  # no account 99

    async def scenario():
        await enqueue(queue_dsn, "credit_account", payload)
        await run_until(worker, queue_dsn, "SELECT state = 'dead' FROM jobs")

    asyncio.run(scenario())
    assert pg_conn.execute("SELECT attempts, last_error FROM jobs").fetchone() == (
        1, "PermanentError: account 99 does not exist")
    assert pg_conn.execute("SELECT count(*) FROM ledger").fetchone()[0] == 0  # the insert was undone


def test_an_unknown_job_kind_is_dead_lettered(queue_dsn, pg_conn):
    worker = Worker(queue_dsn, {}, WorkerConfig(**FAST))

    async def scenario():
        await enqueue(queue_dsn, "resize_image", {})
        await run_until(worker, queue_dsn, "SELECT state = 'dead' FROM jobs")

    asyncio.run(scenario())
    assert pg_conn.execute("SELECT last_error FROM jobs").fetchone()[0] == (
        "PermanentError: no handler for job kind 'resize_image'")


def test_a_handler_past_its_timeout_is_cancelled_and_retried(queue_dsn, pg_conn):
    cancelled = []

    async def hangs(job, conn):
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.append(job.attempt)
            raise

    config = WorkerConfig(job_timeout=0.2, retry=RetryPolicy(base=0.01, cap=0.01), **FAST)
    worker = Worker(queue_dsn, {"hangs": hangs}, config)

    async def scenario():
        await enqueue(queue_dsn, "hangs", {}, max_attempts=2)
        await run_until(worker, queue_dsn, "SELECT state = 'dead' FROM jobs")

    asyncio.run(scenario())
    assert cancelled == [1, 2]
    assert pg_conn.execute("SELECT attempts, last_error FROM jobs").fetchone() == (2, "TimeoutError: ")


def test_two_jobs_for_one_transfer_credit_the_account_once(queue_dsn, pg_conn, accounts):
    worker = Worker(queue_dsn, {"credit_account": credit_account}, WorkerConfig(concurrency=2, **FAST))
    payload = {"transfer_id": "t-42", "account_id": 1, "amount_cents": 250}

    async def scenario():
        # Two producers, no shared dedupe key: the ledger's primary key is the last line of defence.
        await enqueue(queue_dsn, "credit_account", payload)
        await enqueue(queue_dsn, "credit_account", payload)
        await run_until(worker, queue_dsn, "SELECT bool_and(state = 'done') FROM jobs")

    asyncio.run(scenario())
    assert pg_conn.execute("SELECT balance_cents FROM accounts").fetchone()[0] == 1250
    assert pg_conn.execute("SELECT count(*) FROM ledger").fetchone()[0] == 1


def test_heartbeats_keep_a_long_job_from_being_claimed_twice(queue_dsn, pg_conn):
    # Leases long enough that a loaded machine's scheduling delays (tenths of a second at a load
    # of 10 on two cores) do not let one run out between heartbeats.
    config = WorkerConfig(lease=timedelta(seconds=1.0), heartbeat_interval=0.2, poll_interval=0.02)

    async def slow(job, conn):
        await asyncio.sleep(3.0)  # three leases long

    async def scenario():
        await enqueue(queue_dsn, "slow", {})
        stop = asyncio.Event()
        serving = asyncio.create_task(Worker(queue_dsn, {"slow": slow}, config).serve(stop))
        await asyncio.sleep(2.0)  # two leases in: without heartbeats the job would be claimable
        async with await psycopg.AsyncConnection.connect(queue_dsn, autocommit=True) as conn:
            second_claim = await queue.claim(conn, timedelta(seconds=30))
            async with asyncio.timeout(10):
                while (await (await conn.execute("SELECT state FROM jobs")).fetchone())[0] != "done":
                    await asyncio.sleep(0.02)
        stop.set()
        await serving
        return second_claim

    assert asyncio.run(scenario()) is None
    assert pg_conn.execute("SELECT state, attempts FROM jobs").fetchone() == ("done", 1)


def test_a_worker_that_stalls_past_its_lease_rolls_back_and_lets_go(queue_dsn, pg_conn, accounts, caplog):
    caplog.set_level(logging.INFO, logger="pgworker")
    config = WorkerConfig(lease=timedelta(seconds=0.3), heartbeat_interval=0.1, poll_interval=0.02)
    payload = {"transfer_id": "t-7", "account_id": 1, "amount_cents": 100}

    async def stalls(job, conn):
        await credit_account(job, conn)
        time.sleep(1.0)  # blocks the event loop, heartbeats included, like a long CPU-bound call

    async def claim_later(seconds: float):
        await asyncio.sleep(seconds)
        async with await psycopg.AsyncConnection.connect(queue_dsn, autocommit=True) as conn:
            return await queue.claim(conn, timedelta(seconds=30))

    async def scenario():
        await enqueue(queue_dsn, "credit_account", payload)
        # A second worker, in its own thread and event loop, tries while the first one is stalled.
        other_worker = asyncio.create_task(asyncio.to_thread(asyncio.run, claim_later(0.6)))
        stop = asyncio.Event()
        serving = asyncio.create_task(Worker(queue_dsn, {"credit_account": stalls}, config).serve(stop))
        stolen = await other_worker
        async with asyncio.timeout(10):
            while not events(caplog, "job.lease_lost"):
                await asyncio.sleep(0.02)
        stop.set()
        await serving
        return stolen

    stolen = asyncio.run(scenario())
    assert pg_conn.execute("SELECT balance_cents FROM accounts").fetchone()[0] == 1000
    assert pg_conn.execute("SELECT count(*) FROM ledger").fetchone()[0] == 0
    assert pg_conn.execute("SELECT state, attempts, lease_token FROM jobs").fetchone() == (
        "running", 2, stolen.lease_token)


def test_a_heartbeat_interval_as_long_as_the_lease_is_rejected():
    with pytest.raises(ValueError, match=r"heartbeat_interval \(30.0 s\) must be shorter than the lease \(30.0 s\)"):
        WorkerConfig(lease=timedelta(seconds=30), heartbeat_interval=30.0)


def test_a_worker_needs_at_least_one_slot():
    with pytest.raises(ValueError, match="concurrency must be at least 1, got 0"):
        WorkerConfig(concurrency=0)

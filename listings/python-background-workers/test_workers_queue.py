"""The queue's SQL on a real PostgreSQL 18: claims, leases, retries, burial, the claim's plan."""

import asyncio
from datetime import timedelta

import psycopg
import pytest

from pgworker import queue

HOUR = timedelta(hours=1)
EXPIRED = timedelta(0)  # a lease that has run out by the next statement


async def connect(dsn: str) -> psycopg.AsyncConnection:
    return await psycopg.AsyncConnection.connect(dsn, autocommit=True)


def test_enqueue_with_a_known_dedupe_key_adds_nothing(queue_dsn, pg_conn):
    async def scenario():
        async with await connect(queue_dsn) as conn:
            first = await queue.enqueue(conn, "send_receipt", {"order_id": 7}, dedupe_key="order-7-paid")
            again = await queue.enqueue(conn, "send_receipt", {"order_id": 7}, dedupe_key="order-7-paid")
            return first, again

    first, again = asyncio.run(scenario())
    assert isinstance(first, int) and again is None
    assert pg_conn.execute("SELECT count(*) FROM jobs").fetchone()[0] == 1


def test_a_claim_skips_jobs_locked_by_another_claim_instead_of_waiting(queue_dsn):
    async def scenario():
        async with await connect(queue_dsn) as holder, await connect(queue_dsn) as other:
            first = await queue.enqueue(holder, "k", {})
            second = await queue.enqueue(holder, "k", {})
            # Without SKIP LOCKED the second claim would wait for the first to commit: fail instead.
            await other.execute("SET lock_timeout = '2s'")
            async with holder.transaction():
                cursor = await holder.execute(queue.CLAIM, {"lease": HOUR})
                held_id = (await cursor.fetchone())[0]
                other_job = await queue.claim(other, HOUR)
            return first, second, held_id, other_job

    first, second, held_id, other_job = asyncio.run(scenario())
    assert held_id == first
    assert other_job is not None and other_job.id == second


def test_an_expired_lease_lets_another_worker_claim_and_fences_the_first(queue_dsn):
    async def scenario():
        async with await connect(queue_dsn) as conn:
            await queue.enqueue(conn, "k", {})
            stale = await queue.claim(conn, EXPIRED)
            current = await queue.claim(conn, HOUR)
            return stale, current, await queue.complete(conn, stale), await queue.complete(conn, current)

    stale, current, stale_completed, current_completed = asyncio.run(scenario())
    assert current.id == stale.id
    assert (stale.attempt, current.attempt) == (1, 2)
    assert current.lease_token != stale.lease_token
    assert stale_completed is False and current_completed is True


def test_a_live_lease_hides_the_job(queue_dsn):
    async def scenario():
        async with await connect(queue_dsn) as conn:
            await queue.enqueue(conn, "k", {})
            held = await queue.claim(conn, HOUR)
            return held, await queue.claim(conn, HOUR), await queue.extend_lease(conn, held, HOUR)

    held, second_claim, extended = asyncio.run(scenario())
    assert held is not None and second_claim is None and extended is True


def test_a_job_whose_worker_died_on_the_last_attempt_is_buried(queue_dsn, pg_conn):
    async def scenario():
        async with await connect(queue_dsn) as conn:
            await queue.enqueue(conn, "k", {}, max_attempts=2)
            claims = [await queue.claim(conn, EXPIRED) for _ in range(3)]  # each "worker" dies
            return claims

    first, second, third = asyncio.run(scenario())
    assert (first.attempt, second.attempt, third) == (1, 2, None)
    state, attempts, error = pg_conn.execute("SELECT state, attempts, last_error FROM jobs").fetchone()
    assert (state, attempts) == ("dead", 2)
    assert error == "lease expired during the last allowed attempt"


def test_retry_later_hides_the_job_until_its_delay_has_passed(queue_dsn, pg_conn):
    async def scenario():
        async with await connect(queue_dsn) as conn:
            await queue.enqueue(conn, "k", {})
            job = await queue.claim(conn, HOUR)
            await queue.retry_later(conn, job, HOUR, "TimeoutError: ")
            while_waiting = await queue.claim(conn, HOUR), await queue.stats(conn)
            await conn.execute("UPDATE jobs SET visible_at = now() - interval '1 second'")  # an hour later
            return while_waiting, await queue.claim(conn, HOUR)

    (claim_while_waiting, stats_while_waiting), retried = asyncio.run(scenario())
    assert claim_while_waiting is None
    assert (stats_while_waiting.due, stats_while_waiting.running) == (0, 0)
    assert retried is not None and retried.attempt == 2


def test_bury_moves_the_job_to_dead_and_out_of_reach(queue_dsn, pg_conn):
    async def scenario():
        async with await connect(queue_dsn) as conn:
            await queue.enqueue(conn, "k", {})
            job = await queue.claim(conn, HOUR)
            buried = await queue.bury(conn, job, "PermanentError: bad payload")
            return buried, await queue.claim(conn, EXPIRED), await queue.stats(conn)

    buried, claim_after, stats = asyncio.run(scenario())
    assert buried is True and claim_after is None and stats.dead == 1
    assert pg_conn.execute("SELECT finished_at IS NOT NULL FROM jobs").fetchone()[0] is True


def test_stats_report_due_running_dead_and_the_oldest_wait(queue_dsn, pg_conn):
    async def scenario():
        async with await connect(queue_dsn) as conn:
            for _ in range(3):
                await queue.enqueue(conn, "k", {})
            await conn.execute("UPDATE jobs SET visible_at = now() - interval '90 seconds' WHERE id = 1")
            await queue.claim(conn, HOUR)  # takes job 1, the oldest
            return await queue.stats(conn)

    stats = asyncio.run(scenario())
    assert (stats.due, stats.running, stats.dead) == (2, 1, 0)
    assert 0 <= stats.oldest_due_seconds < 90  # job 1 is running now; the rest were enqueued just now


def find_index_scans(plan: dict) -> list[str]:
    found = [plan["Index Name"]] if "Index Name" in plan else []
    for child in plan.get("Plans", []):
        found += find_index_scans(child)
    return found


def test_the_claim_reads_the_partial_index_not_the_finished_jobs(queue_dsn, pg_conn):
    pg_conn.execute(
        """
        INSERT INTO jobs (kind, state, finished_at)
        SELECT 'k', 'done', now() FROM generate_series(1, 50000);
        INSERT INTO jobs (kind) SELECT 'k' FROM generate_series(1, 20);
        ANALYZE jobs;
        """
    )
    plan = pg_conn.execute("EXPLAIN (FORMAT JSON) " + queue.CLAIM, {"lease": HOUR}).fetchone()[0][0]["Plan"]
    assert plan["Node Type"] == "ModifyTable"
    assert "jobs_claimable" in find_index_scans(plan)


def test_completing_inside_the_handler_s_transaction_records_when_the_job_finished(queue_dsn, pg_conn):
    async def scenario():
        async with await connect(queue_dsn) as conn:
            await queue.enqueue(conn, "k", {})
            job = await queue.claim(conn, HOUR)
            async with conn.transaction():  # as the worker runs a handler
                began = (await (await conn.execute("SELECT now()")).fetchone())[0]
                await asyncio.sleep(0.3)  # the handler's work
                assert await queue.complete(conn, job)
            return began

    began = asyncio.run(scenario())
    finished_at = pg_conn.execute("SELECT finished_at FROM jobs").fetchone()[0]
    assert finished_at - began >= timedelta(seconds=0.3)  # now() would have said `began`


def test_claims_and_heartbeats_change_an_indexed_column_so_no_update_is_hot(queue_dsn, pg_conn):
    async def scenario():
        async with await connect(queue_dsn) as conn:
            await queue.enqueue(conn, "k", {})
            job = await queue.claim(conn, HOUR)
            for _ in range(3):
                assert await queue.extend_lease(conn, job, HOUR)
            await conn.execute("SELECT pg_stat_force_next_flush()")

    asyncio.run(scenario())
    updates, hot = pg_conn.execute(
        "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'jobs'"
    ).fetchone()
    assert (updates, hot) == (4, 0)  # one claim, three heartbeats: each a new index entry

"""The job queue's operations, each one SQL statement (or two) on the `jobs` table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from psycopg.rows import class_row
from psycopg.types.json import Jsonb

SCHEMA = Path(__file__).with_name("schema.sql")


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    payload: dict[str, Any]
    attempt: int
    max_attempts: int
    lease_token: UUID


@dataclass(frozen=True)
class QueueStats:
    due: int
    running: int
    dead: int
    oldest_due_seconds: float


async def install(conn: psycopg.AsyncConnection) -> None:
    await conn.execute(SCHEMA.read_text())


# ANCHOR: enqueue
async def enqueue(
    conn: psycopg.AsyncConnection,
    kind: str,
    payload: dict[str, Any],
    *,
    dedupe_key: str | None = None,
    max_attempts: int = 5,
) -> int | None:
    """Adds a job and returns its id, or None if a job with this dedupe_key already exists."""
    cursor = await conn.execute(
        """
        INSERT INTO jobs (kind, payload, dedupe_key, max_attempts)
        VALUES (%s, %s, %s, %s)
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING id
        """,
        (kind, Jsonb(payload), dedupe_key, max_attempts),
    )
    row = await cursor.fetchone()
    return row[0] if row else None
# ANCHOR_END: enqueue


# ANCHOR: claim
BURY_ABANDONED = """
UPDATE jobs
SET state = 'dead', lease_token = NULL, finished_at = now(),
    last_error = 'lease expired during the last allowed attempt'
WHERE id IN (
    SELECT id FROM jobs
    WHERE state = 'running' AND visible_at <= now() AND attempts >= max_attempts
    FOR UPDATE SKIP LOCKED
)
"""

CLAIM = """
UPDATE jobs
SET state = 'running',
    attempts = attempts + 1,
    lease_token = gen_random_uuid(),
    visible_at = now() + %(lease)s
WHERE id = (
    SELECT id FROM jobs
    WHERE state IN ('ready', 'running')  -- a running job whose lease ran out is claimable
      AND visible_at <= now()
      AND attempts < max_attempts
    ORDER BY visible_at
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
RETURNING id, kind, payload, attempts AS attempt, max_attempts, lease_token
"""


async def claim(conn: psycopg.AsyncConnection, lease: timedelta) -> Job | None:
    """Takes the job that has waited longest, leased to the caller for `lease`."""
    async with conn.transaction():
        # A job whose worker died on its last attempt will never be claimed again: bury it.
        await conn.execute(BURY_ABANDONED)
        cursor = conn.cursor(row_factory=class_row(Job))
        await cursor.execute(CLAIM, {"lease": lease})
        return await cursor.fetchone()
# ANCHOR_END: claim


# ANCHOR: lease
async def extend_lease(conn: psycopg.AsyncConnection, job: Job, lease: timedelta) -> bool:
    """Pushes the lease's end to now + lease; False if the job is no longer ours."""
    cursor = await conn.execute(
        """
        UPDATE jobs SET visible_at = now() + %s
        WHERE id = %s AND lease_token = %s AND state = 'running'
        """,
        (lease, job.id, job.lease_token),
    )
    return cursor.rowcount == 1


async def complete(conn: psycopg.AsyncConnection, job: Job) -> bool:
    """Marks the job done; False (and no change) if another worker holds it now.

    It runs in the handler's transaction, where now() is the time the transaction began:
    clock_timestamp() is the time the job finished."""
    cursor = await conn.execute(
        """
        UPDATE jobs SET state = 'done', lease_token = NULL, finished_at = clock_timestamp()
        WHERE id = %s AND lease_token = %s AND state = 'running'
        """,
        (job.id, job.lease_token),
    )
    return cursor.rowcount == 1
# ANCHOR_END: lease


async def retry_later(conn: psycopg.AsyncConnection, job: Job, delay: timedelta, error: str) -> bool:
    """Returns the job to the queue, claimable again after `delay`."""
    cursor = await conn.execute(
        """
        UPDATE jobs SET state = 'ready', lease_token = NULL,
                        visible_at = now() + %s, last_error = %s
        WHERE id = %s AND lease_token = %s AND state = 'running'
        """,
        (delay, error, job.id, job.lease_token),
    )
    return cursor.rowcount == 1


async def bury(conn: psycopg.AsyncConnection, job: Job, error: str) -> bool:
    """Moves the job to the dead-letter state, where only a person (or a script) revives it."""
    cursor = await conn.execute(
        """
        UPDATE jobs SET state = 'dead', lease_token = NULL,
                        finished_at = now(), last_error = %s
        WHERE id = %s AND lease_token = %s AND state = 'running'
        """,
        (error, job.id, job.lease_token),
    )
    return cursor.rowcount == 1


# ANCHOR: stats
async def stats(conn: psycopg.AsyncConnection) -> QueueStats:
    """What to export as metrics: how much is waiting, and for how long the oldest has waited."""
    cursor = conn.cursor(row_factory=class_row(QueueStats))
    await cursor.execute(
        """
        SELECT count(*) FILTER (WHERE state = 'ready' AND visible_at <= now()) AS due,
               count(*) FILTER (WHERE state = 'running') AS running,
               count(*) FILTER (WHERE state = 'dead') AS dead,
               coalesce(extract(epoch FROM now() - min(visible_at)
                        FILTER (WHERE state = 'ready' AND visible_at <= now())), 0)::float8
                   AS oldest_due_seconds
        FROM jobs
        """
    )
    return await cursor.fetchone()
# ANCHOR_END: stats

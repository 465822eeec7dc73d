"""An asyncio worker pool over the PostgreSQL job queue: a fixed number of slots, leases kept
alive by heartbeats, retries with backoff, dead-lettering, and a bounded drain on shutdown."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

import psycopg

from . import queue
from .backoff import RetryPolicy
from .logs import log_event
from .queue import Job

log = logging.getLogger("pgworker")

Handler = Callable[[Job, psycopg.AsyncConnection], Awaitable[None]]


class PermanentError(Exception):
    """Raised by a handler when no retry can succeed (a malformed payload, a deleted record)."""


class LeaseLost(Exception):
    """The job's lease ran out and another worker claimed it before this one finished."""


# ANCHOR: config
@dataclass(frozen=True)
class WorkerConfig:
    concurrency: int = 4  # jobs in flight in this process, and 2 connections per slot
    lease: timedelta = timedelta(seconds=30)  # how long a silent worker keeps a job
    heartbeat_interval: float = 10.0  # seconds between lease extensions
    job_timeout: float = 300.0  # seconds a handler may run before it is cancelled
    poll_interval: float = 1.0  # seconds an idle slot waits before looking again
    drain_timeout: float = 20.0  # seconds running jobs get to finish after a stop request
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, got {self.concurrency}")
        if self.heartbeat_interval >= self.lease.total_seconds():
            raise ValueError(
                f"heartbeat_interval ({self.heartbeat_interval} s) must be shorter than the lease "
                f"({self.lease.total_seconds()} s), or leases expire under running jobs"
            )
# ANCHOR_END: config


async def wait_for_event(event: asyncio.Event, timeout: float) -> bool:
    """Waits up to `timeout` seconds; True if the event was set."""
    try:
        async with asyncio.timeout(timeout):
            await event.wait()
    except TimeoutError:
        return False
    return True


class Worker:
    def __init__(
        self,
        dsn: str,
        handlers: Mapping[str, Handler],
        config: WorkerConfig,
        *,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.dsn = dsn
        self.handlers = handlers
        self.config = config
        self.rand = rand

    # ANCHOR: serve
    async def serve(self, stop: asyncio.Event) -> None:
        """Runs jobs until `stop` is set, then gives running jobs drain_timeout seconds to finish."""
        slots = asyncio.create_task(self._run_slots(stop))
        stop_requested = asyncio.create_task(stop.wait())
        await asyncio.wait({slots, stop_requested}, return_when=asyncio.FIRST_COMPLETED)
        stop_requested.cancel()
        if not slots.done():
            log_event(log, logging.INFO, "worker.draining", drain_timeout=self.config.drain_timeout)
            try:
                await asyncio.wait_for(slots, self.config.drain_timeout)
            except TimeoutError:
                # Jobs cut off here are not lost: their leases expire and another worker retries them.
                log_event(log, logging.WARNING, "worker.drain_timeout")
                return
        slots.result()  # a slot that crashed (database gone, say) crashes the process: let it restart
        log_event(log, logging.INFO, "worker.stopped")

    async def _run_slots(self, stop: asyncio.Event) -> None:
        async with asyncio.TaskGroup() as group:
            for number in range(self.config.concurrency):
                group.create_task(self._slot(stop), name=f"slot-{number}")

    async def _slot(self, stop: asyncio.Event) -> None:
        async with (
            await psycopg.AsyncConnection.connect(self.dsn, autocommit=True) as conn,
            await psycopg.AsyncConnection.connect(self.dsn, autocommit=True) as lease_conn,
        ):
            while not stop.is_set():
                job = await queue.claim(conn, self.config.lease)
                if job is None:
                    await wait_for_event(stop, self.config.poll_interval)
                    continue
                await self._run_job(conn, lease_conn, job)
    # ANCHOR_END: serve

    # ANCHOR: run_job
    async def _run_job(self, conn: psycopg.AsyncConnection, lease_conn: psycopg.AsyncConnection, job: Job) -> None:
        fields = {"job_id": job.id, "kind": job.kind, "attempt": job.attempt}
        log_event(log, logging.INFO, "job.started", **fields)
        started = time.monotonic()
        finished = asyncio.Event()
        heartbeat = asyncio.create_task(self._keep_lease(lease_conn, job, finished))
        try:
            # The handler's writes and the job's completion commit together, or not at all.
            async with conn.transaction():
                async with asyncio.timeout(self.config.job_timeout):
                    await self._handler_for(job)(job, conn)
                finished.set()
                await heartbeat
                if not await queue.complete(conn, job):
                    raise LeaseLost()
        except LeaseLost:
            log_event(log, logging.WARNING, "job.lease_lost", **fields)
        except Exception as error:
            await self._record_failure(conn, job, error, fields)
        else:
            elapsed_ms = round((time.monotonic() - started) * 1000)
            log_event(log, logging.INFO, "job.succeeded", duration_ms=elapsed_ms, **fields)
        finally:
            finished.set()
            await heartbeat

    def _handler_for(self, job: Job) -> Handler:
        try:
            return self.handlers[job.kind]
        except KeyError:
            raise PermanentError(f"no handler for job kind {job.kind!r}") from None

    async def _record_failure(
        self, conn: psycopg.AsyncConnection, job: Job, error: Exception, fields: dict
    ) -> None:
        reason = f"{type(error).__name__}: {error}"
        if isinstance(error, PermanentError) or job.attempt >= job.max_attempts:
            if await queue.bury(conn, job, reason):
                log_event(log, logging.ERROR, "job.dead_lettered", error=reason, **fields)
            return
        delay = timedelta(seconds=self.config.retry.delay(job.attempt, self.rand))
        if await queue.retry_later(conn, job, delay, reason):
            log_event(log, logging.WARNING, "job.retry_scheduled", error=reason,
                      retry_in_s=round(delay.total_seconds(), 3), **fields)
    # ANCHOR_END: run_job

    # ANCHOR: heartbeat
    async def _keep_lease(self, lease_conn: psycopg.AsyncConnection, job: Job, finished: asyncio.Event) -> None:
        """Extends the lease every heartbeat_interval seconds until the job finishes."""
        while not await wait_for_event(finished, self.config.heartbeat_interval):
            if not await queue.extend_lease(lease_conn, job, self.config.lease):
                log_event(log, logging.WARNING, "job.heartbeat_rejected", job_id=job.id)
                return
    # ANCHOR_END: heartbeat

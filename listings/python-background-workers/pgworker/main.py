"""The worker process: python -m pgworker.main --dsn 'host=... dbname=...'"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
from datetime import timedelta

from . import logs
from .backoff import RetryPolicy
from .handlers import EmailProvider, build_handlers
from .logs import log_event
from .worker import Worker, WorkerConfig

log = logging.getLogger("pgworker")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dsn", required=True, help="libpq connection string of the queue's database")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--lease", type=float, default=30.0, help="seconds")
    parser.add_argument("--heartbeat", type=float, default=10.0, help="seconds")
    parser.add_argument("--job-timeout", type=float, default=300.0, help="seconds")
    parser.add_argument("--poll", type=float, default=1.0, help="seconds")
    parser.add_argument("--drain-timeout", type=float, default=20.0, help="seconds")
    parser.add_argument("--provider-response-delay", type=float, default=0.0, help="seconds")
    return parser.parse_args(argv)


# ANCHOR: signals
async def run(args: argparse.Namespace) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def request_stop(signum: int) -> None:
        log_event(log, logging.INFO, "worker.stop_requested", signal=signal.Signals(signum).name)
        stop.set()

    # The handlers run in the event loop, between callbacks: no code is interrupted mid-job.
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, request_stop, signum)

    config = WorkerConfig(
        concurrency=args.concurrency,
        lease=timedelta(seconds=args.lease),
        heartbeat_interval=args.heartbeat,
        job_timeout=args.job_timeout,
        poll_interval=args.poll,
        drain_timeout=args.drain_timeout,
        retry=RetryPolicy(base=1.0, cap=300.0),
    )
    handlers = build_handlers(EmailProvider(args.dsn, args.provider_response_delay))
    log_event(log, logging.INFO, "worker.started", pid=os.getpid(), concurrency=config.concurrency)
    await Worker(args.dsn, handlers, config).serve(stop)
# ANCHOR_END: signals


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logs.configure()
    asyncio.run(run(args))


if __name__ == "__main__":
    main()

"""Fixtures for the worker's tests: a database with the queue installed, and worker processes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from pgworker import handlers, queue

HERE = Path(__file__).resolve().parent


@pytest.fixture
def queue_dsn(pg_dsn: str, pg_conn: psycopg.Connection) -> str:
    """A fresh database holding the jobs table and the example application's tables."""
    pg_conn.execute(queue.SCHEMA.read_text())
    pg_conn.execute(handlers.SCHEMA.read_text())
    return pg_dsn


class WorkerProcess:
    """A `python -m pgworker.main` child whose JSON log lines can be read after it exits."""

    def __init__(self, dsn: str, options: list[str]) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "pgworker.main", "--dsn", dsn, *options],
            cwd=HERE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._stderr: str | None = None

    def wait(self, timeout: float) -> int:
        return self.popen.wait(timeout)

    def stop(self) -> str:
        """Kills the process if it still runs; returns everything it wrote to stderr."""
        if self._stderr is None:
            if self.popen.poll() is None:
                self.popen.kill()
            self._stderr = self.popen.communicate()[1]
        return self._stderr

    def events(self) -> list[dict]:
        """The log entries, once the process has ended."""
        stderr = self.stop()
        entries = []
        for line in stderr.splitlines():
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                pytest.fail(f"worker wrote a line that is not JSON: {line!r}\nfull stderr:\n{stderr}")
        return entries


@pytest.fixture
def start_worker(queue_dsn: str) -> Iterator[Callable[..., WorkerProcess]]:
    started: list[WorkerProcess] = []

    def start(*options: str) -> WorkerProcess:
        started.append(WorkerProcess(queue_dsn, list(options)))
        return started[-1]

    yield start
    for worker in started:  # before the database is dropped, which needs its connections gone
        worker.stop()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0, message: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for: {message}")
        time.sleep(0.02)

"""Real worker processes and real signals: SIGTERM drains, a drain that runs out, SIGKILL."""

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from conftest import wait_until
from pgworker import queue

HERE = Path(__file__).resolve().parent


def enqueue_receipts(dsn: str, count: int) -> None:
    async def scenario():
        async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
            for order_id in range(1, count + 1):
                await queue.enqueue(conn, "send_receipt", {"order_id": order_id, "email": f"c{order_id}@example.com"})

    asyncio.run(scenario())


def count(conn: psycopg.Connection, sql: str) -> int:
    return conn.execute(sql).fetchone()[0]


def test_sigterm_lets_running_jobs_finish_and_starts_no_new_ones(queue_dsn, pg_conn, start_worker):
    enqueue_receipts(queue_dsn, 5)
    worker = start_worker("--concurrency", "2", "--poll", "0.05", "--provider-response-delay", "1.5")
    wait_until(lambda: count(pg_conn, "SELECT count(*) FROM jobs WHERE state = 'running'") == 2,
               message="both slots busy")

    worker.popen.send_signal(signal.SIGTERM)

    assert worker.wait(timeout=10) == 0
    states = pg_conn.execute("SELECT state, attempts, count(*) FROM jobs GROUP BY 1, 2 ORDER BY 1").fetchall()
    assert states == [("done", 1, 2), ("ready", 0, 3)]
    assert count(pg_conn, "SELECT count(*) FROM provider_sent") == 2
    assert [entry["event"] for entry in worker.events()] == [
        "worker.started", "job.started", "job.started",
        "worker.stop_requested", "worker.draining",
        "job.succeeded", "job.succeeded", "worker.stopped",
    ]


def test_a_drain_that_runs_out_leaves_the_job_to_its_lease(queue_dsn, pg_conn, start_worker):
    enqueue_receipts(queue_dsn, 1)
    worker = start_worker("--lease", "1", "--heartbeat", "0.3", "--poll", "0.05",
                          "--drain-timeout", "0.5", "--provider-response-delay", "60")
    wait_until(lambda: count(pg_conn, "SELECT count(*) FROM provider_requests") == 1, message="request sent")

    worker.popen.send_signal(signal.SIGTERM)

    assert worker.wait(timeout=10) == 0
    assert [e["event"] for e in worker.events()][-1] == "worker.drain_timeout"
    assert pg_conn.execute("SELECT state, attempts FROM jobs").fetchone() == ("running", 1)
    # Nobody completes it, nobody renews it: after the lease another worker may take it.
    wait_until(lambda: count(pg_conn, "SELECT count(*) FROM jobs WHERE visible_at <= now()") == 1,
               message="lease expired")


def test_a_killed_worker_s_job_runs_again_and_the_key_stops_a_second_email(queue_dsn, pg_conn, start_worker):
    enqueue_receipts(queue_dsn, 1)
    first = start_worker("--lease", "1", "--heartbeat", "0.3", "--poll", "0.05",
                         "--provider-response-delay", "60")
    # The provider has sent the e-mail; its answer is still on the way when the worker dies.
    wait_until(lambda: count(pg_conn, "SELECT count(*) FROM provider_sent") == 1, message="e-mail sent")
    first.popen.send_signal(signal.SIGKILL)
    assert first.wait(timeout=10) == -signal.SIGKILL

    second = start_worker("--lease", "1", "--heartbeat", "0.3", "--poll", "0.05")
    wait_until(lambda: count(pg_conn, "SELECT count(*) FROM jobs WHERE state = 'done'") == 1,
               message="job done by the second worker")
    second.popen.send_signal(signal.SIGTERM)
    assert second.wait(timeout=10) == 0

    assert pg_conn.execute("SELECT attempts FROM jobs").fetchone()[0] == 2
    assert count(pg_conn, "SELECT count(*) FROM provider_requests") == 2  # delivered twice...
    assert count(pg_conn, "SELECT count(*) FROM provider_sent") == 1  # ...sent once


def run_sigterm_finally(*options: str) -> subprocess.CompletedProcess:
    child = subprocess.Popen([sys.executable, str(HERE / "sigterm_finally.py"), *options],
                             stdout=subprocess.PIPE, text=True)
    assert "working" in child.stdout.readline()
    child.send_signal(signal.SIGTERM)
    stdout, _ = child.communicate(timeout=10)
    return subprocess.CompletedProcess(child.args, child.returncode, stdout)


def test_without_a_handler_sigterm_skips_finally():
    result = run_sigterm_finally()
    assert result.returncode == -signal.SIGTERM  # killed by the signal's default action
    assert "finally" not in result.stdout


def test_with_a_handler_sigterm_runs_finally():
    result = run_sigterm_finally("--handle")
    assert result.returncode == 128 + signal.SIGTERM
    assert "finally: cleanup ran" in result.stdout


def start_as_pid_1(*options: str) -> tuple[subprocess.Popen, int]:
    """sigterm_finally.py as PID 1 of a new PID namespace, where an exec-form CMD runs in a
    container; returns `unshare` and the script's PID as this namespace sees it."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("util-linux's unshare is not installed")
    child = subprocess.Popen(
        [unshare, "--user", "--map-root-user", "--pid", "--fork", "--kill-child",
         sys.executable, str(HERE / "sigterm_finally.py"), *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    first = child.stdout.readline()
    if not first:
        pytest.skip(f"this machine does not allow a new user and PID namespace: {child.communicate()[1].strip()}")
    assert first.startswith("pid 1 working")
    (inner,) = Path(f"/proc/{child.pid}/task/{child.pid}/children").read_text().split()
    return child, int(inner)


def test_as_pid_1_sigterm_without_a_handler_does_nothing_until_sigkill():
    # The kernel delivers to a namespace's init only the signals it has a handler for (SIGKILL
    # and SIGSTOP from outside excepted): the default action of SIGTERM never happens.
    child, script = start_as_pid_1()
    os.kill(script, signal.SIGTERM)
    time.sleep(0.5)
    assert child.poll() is None  # still running, as it will be until the grace period ends
    os.kill(script, signal.SIGKILL)  # what the container runtime sends then
    stdout, _ = child.communicate(timeout=10)
    assert not Path(f"/proc/{script}").exists()  # gone: a runtime reports exit code 137 (128 + 9)
    # (unshare itself cannot die of the SIGKILL its child got; util-linux 2.38 then exits 1.)
    assert child.returncode != 0
    assert "finally" not in stdout


def test_as_pid_1_a_handler_makes_sigterm_work():
    child, script = start_as_pid_1("--handle")
    os.kill(script, signal.SIGTERM)
    stdout, _ = child.communicate(timeout=10)
    assert child.returncode == 128 + signal.SIGTERM
    assert "finally: cleanup ran" in stdout

"""The benchmark script runs and prints a row per slot count (its figures are never asserted)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_the_benchmark_runs_on_an_empty_database(pg_dsn):
    result = subprocess.run(
        [sys.executable, "bench_throughput.py", "--dsn", pg_dsn, "--jobs", "20", "--concurrency", "1,2"],
        cwd=HERE, capture_output=True, text=True, timeout=120, check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[1].startswith("postgresql: server_version=18.")
    assert [line.split()[:2] for line in lines[3:]] == [["1", "20"], ["2", "20"]]


def test_the_benchmark_refuses_a_database_that_has_a_jobs_table(queue_dsn):
    result = subprocess.run(
        [sys.executable, "bench_throughput.py", "--dsn", queue_dsn, "--jobs", "20", "--concurrency", "1"],
        cwd=HERE, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "already has a jobs table" in result.stderr

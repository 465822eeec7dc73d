"""Build and start the two stations services; used by the tests and by measure.py.

Both run as real processes on 127.0.0.1: the Go binary that `go build` makes, and
the Starlette app under uvicorn in a given Python (the book's own for the tests, a
fresh virtualenv of pyservice/requirements.txt for the measurements).
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
GO_PACKAGE = "./cmd/stationsd"
PY_APP_DIR = HERE / "pyservice"
PY_REQUIREMENTS = PY_APP_DIR / "requirements.txt"
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s#]+)")


def requirement_pins() -> dict[str, str]:
    """pyservice/requirements.txt as {lowercase name: version}."""
    pins = {}
    for line in PY_REQUIREMENTS.read_text().splitlines():
        match = PIN.match(line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def go_build(output: Path, *, flags: tuple[str, ...] = (), package: str = GO_PACKAGE) -> Path:
    """A static binary of the Go service (CGO_ENABLED=0), with file paths trimmed."""
    subprocess.run(
        ["go", "build", "-trimpath", *flags, "-o", str(output), package],
        cwd=HERE, check=True, env={**os.environ, "CGO_ENABLED": "0"},
    )
    return output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pinned(cpus: Iterable[int] | None):
    if cpus is None:
        return None
    chosen = set(cpus)
    return lambda: os.sched_setaffinity(0, chosen)


def start_go(binary: Path, port: int, *, cpus: Iterable[int] | None = None,
             godebug: str | None = None, stderr=subprocess.PIPE) -> subprocess.Popen:
    env = {**os.environ, "GODEBUG": godebug} if godebug else None
    return subprocess.Popen(
        [str(binary), "-addr", f"127.0.0.1:{port}"],
        preexec_fn=_pinned(cpus), stdout=subprocess.DEVNULL, stderr=stderr, env=env,
    )


# ANCHOR: uvicorn
def uvicorn_command(python: Path | str, port: int, *, fast: bool, workers: int = 1) -> list[str]:
    """uvicorn as it would run in production: one worker process per core it may use
    (each runs Python code on one core at a time), no access log (the Go service logs
    nothing per request either), and with `fast` the C-accelerated event loop (uvloop)
    and HTTP parser (httptools) that uvicorn's "standard" extra installs."""
    command = [
        str(python), "-m", "uvicorn", "--app-dir", str(PY_APP_DIR), "stations_app:app",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--no-access-log", "--log-level", "warning",
    ]
    if fast:
        command += ["--loop", "uvloop", "--http", "httptools"]
    return command
# ANCHOR_END: uvicorn


def start_python(python: Path | str, port: int, *, fast: bool, workers: int = 1,
                 cpus: Iterable[int] | None = None, stderr=subprocess.PIPE) -> subprocess.Popen:
    return subprocess.Popen(
        uvicorn_command(python, port, fast=fast, workers=workers),
        preexec_fn=_pinned(cpus), stdout=subprocess.DEVNULL, stderr=stderr,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def wait_ready(process: subprocess.Popen, port: int, timeout: float = 30.0) -> float:
    """Wait until GET /healthz answers 200 and return that moment (time.perf_counter);
    fail if the process exits first or nothing answers within timeout seconds."""
    deadline = time.perf_counter() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode} before answering: "
                               f"{process.stderr.read().decode(errors='replace') if process.stderr else ''}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return time.perf_counter()
        except OSError:
            pass
        finally:
            connection.close()
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no answer from 127.0.0.1:{port} within {timeout} s")
        time.sleep(0.001)


def stop(process: subprocess.Popen, timeout: float = 15.0) -> int:
    """SIGTERM, then wait for the exit status: both servers finish the requests in flight first."""
    if process.poll() is None:
        process.terminate()
    try:
        return process.wait(timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

"""Save-to-new-response times at process level: the Go service rebuilt and restarted by a watcher,
the Python service restarted by the same watcher with no build step.

Each round rewrites one line of the service's source and times how long it takes until the
running service answers with the new text. The services run on the host, in a copy of the
listings made in a temporary folder. Then the watcher's Go build step is timed on its own, after
the same kind of one-line edit: it is what the Go loop pays and the Python loop does not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure_util import free_port, set_version, summary, wait_for

HERE = Path(__file__).resolve().parent


def measure(label: str, cwd: Path, watch_args: list[str], source: Path, pattern: str, needle: str,
            rounds: int, env: dict[str, str], port: int) -> list[float]:
    proc = subprocess.Popen([sys.executable, str(HERE / "pyservice" / "watch.py"), *watch_args],
                            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url, needle.format(0), timeout=120)
        times = []
        for n in range(1, rounds + 1):
            time.sleep(0.3)  # let the watcher take its snapshot of the previous save
            set_version(source, pattern, str(n))
            times.append(wait_for(url, needle.format(n), timeout=120))
        return times
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)


def build_times(cwd: Path, command: str, source: Path, pattern: str, first: int, rounds: int,
                env: dict[str, str]) -> list[float]:
    """The watcher's build command alone, after each of `rounds` one-line edits, on a warm build cache."""
    times = []
    for n in range(first, first + rounds):
        set_version(source, pattern, str(n))
        started = time.monotonic()
        subprocess.run(command.split(), cwd=cwd, check=True, env=env)
        times.append(time.monotonic() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="devloop-"))
    try:
        shutil.copytree(HERE / "cmd", work / "go" / "cmd")
        shutil.copy(HERE / "go.mod", work / "go" / "go.mod")
        shutil.copytree(HERE / "pyservice", work / "py", ignore=shutil.ignore_patterns("__pycache__"))
        env = dict(os.environ)

        go_port = free_port()
        go_build = "go build -o bin/greeter ./cmd/greeter"
        go_source, go_pattern = work / "go" / "cmd" / "greeter" / "main.go", r'(const message = "hello from greeter v)(\d+)(")'
        subprocess.run(go_build.split(), cwd=work / "go", check=True, env=env)  # a warm cache, as after the first start
        go_times = measure(
            "go", work / "go",
            ["--dir", ".", "--suffix", ".go", "--build", go_build, "--", "bin/greeter", "-addr", f"127.0.0.1:{go_port}"],
            go_source, go_pattern, "greeter v{}", args.rounds, env, go_port)
        build_only = build_times(work / "go", go_build, go_source, go_pattern, args.rounds + 1, args.rounds, env)

        py_port = free_port()
        py_env = dict(env, PORT=str(py_port), HOST="127.0.0.1", PYTHONPATH=str(work / "py" / "greeting"),
                      PYTHONDONTWRITEBYTECODE="1")
        py_times = measure(
            "python", work / "py",
            ["--dir", ".", "--suffix", ".py", "--", sys.executable, "app.py"],
            work / "py" / "app.py", r'(MESSAGE = "v)(\d+)(")', "web v{}", args.rounds, py_env, py_port)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    go_version = subprocess.run(["go", "env", "GOVERSION"], capture_output=True, text=True).stdout.strip()
    print(f"rounds: {args.rounds} edits per service, watcher polling every 50 ms, {go_version}, Python {sys.version.split()[0]}")
    print(f"{'service':<34}{'min ms':>8}{'median ms':>11}")
    for label, times in (("go: rebuild + restart", go_times), ("python: restart interpreter", py_times),
                         ("go: the build step alone", build_only)):
        lo, mid = summary(times)
        print(f"{label:<34}{lo * 1000:>8.0f}{mid * 1000:>11.0f}")


if __name__ == "__main__":
    main()

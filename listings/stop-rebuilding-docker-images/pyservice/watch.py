"""A polling file watcher: on a change under --dir, optionally run --build, then restart the command.

It is what `air` (Go) and `uvicorn --reload` or `flask --debug` (Python) do, cut to the part the
chapter measures: notice a saved file, rebuild if the language needs it, start the new process.
Polling (here every 50 ms) works everywhere, including bind mounts whose file-change events do not
cross from the host into a VM; the standard library has no inotify.

    python watch.py --dir . --suffix .py -- python app.py
    python watch.py --dir . --suffix .go --build "go build -o bin/greeter ./cmd/greeter" -- bin/greeter
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path


# ANCHOR: snapshot
def snapshot(root: Path, suffixes: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Every watched file's modification time (ns) and size: a change in either is an edit."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in ("bin", "__pycache__")]
        for name in filenames:
            if name.endswith(suffixes):
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except FileNotFoundError:  # removed between listing and stat
                    continue
                state[path] = (st.st_mtime_ns, st.st_size)
    return state
# ANCHOR_END: snapshot


# ANCHOR: loop
def run(root: Path, suffixes: tuple[str, ...], build: str | None, command: list[str], interval: float) -> None:
    child: subprocess.Popen | None = None

    def start() -> subprocess.Popen | None:
        if build and subprocess.run(shlex.split(build)).returncode != 0:
            print("watch: build failed; waiting for the next change", file=sys.stderr, flush=True)
            return None
        return subprocess.Popen(command)

    def stop(proc: subprocess.Popen | None) -> None:
        if proc and proc.poll() is None:
            proc.terminate()  # SIGTERM: the service drains and exits
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    seen = snapshot(root, suffixes)
    child = start()
    try:
        while True:
            time.sleep(interval)
            now = snapshot(root, suffixes)
            if now != seen:
                seen = now
                stop(child)  # the old process must free the port before the new one binds it
                child = start()
    finally:
        stop(child)
# ANCHOR_END: loop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=".", type=Path)
    parser.add_argument("--suffix", action="append", default=[])
    parser.add_argument("--build")
    parser.add_argument("--interval", type=float, default=0.05)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    run(args.dir, tuple(args.suffix or [".py"]), args.build, command, args.interval)


if __name__ == "__main__":
    main()

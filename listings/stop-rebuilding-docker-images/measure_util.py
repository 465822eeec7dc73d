"""Helpers the chapter's producers share: a free port, waiting for a reply, editing a file."""

from __future__ import annotations

import re
import http.client
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=1) as resp:
            return resp.read().decode()
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return None


def wait_for(url: str, needle: str, timeout: float = 60.0, poll: float = 0.01) -> float:
    """Seconds until GET url returns a body containing needle (polled every `poll` seconds)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        body = get(url)
        if body is not None and needle in body:
            return time.monotonic() - start
        time.sleep(poll)
    raise TimeoutError(f"{url} did not answer with {needle!r} within {timeout} s")


def set_version(path: Path, pattern: str, version: str) -> None:
    """Rewrite the version in the line matching pattern, as an editor's save would (one write)."""
    text = path.read_text()
    new, count = re.subn(pattern, lambda m: m.group(1) + version + m.group(3), text, count=1)
    if count != 1:
        raise ValueError(f"{pattern!r} not found in {path}")
    path.write_text(new)


def summary(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return ordered[0], ordered[len(ordered) // 2]

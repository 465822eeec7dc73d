"""On what a record was produced: the machine, its load, and the versions of the tools involved.

Written into every record's sidecar, so that a figure quoted in the book can say where it came
from (the ``{recorded}`` role reads these as ``@cpu``, ``@cores``, ``@go`` and so on).
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path


def describe(
    load_before: float, load_after: float, tools: Iterable[str], service_versions: Mapping[str, str],
    where: Path | None = None, go_toolchain: str | None = None,
) -> dict:
    """The machine, the one-minute load average at the start and the end of the run, and the
    version of each of ``tools`` (``go``, ``python``, ``rust``) and of each service used. Go's is
    the one the producer ran with: in its folder (whose go.mod may select a toolchain) and with the
    record's ``GOTOOLCHAIN``."""
    description = dict(_static())
    description["load_start"] = round(load_before, 2)
    description["load_end"] = round(load_after, 2)
    versions = {
        tool: version for tool in sorted(set(tools)) if (version := tool_version(tool, where, go_toolchain))
    }
    versions.update(service_versions)
    description["versions"] = versions
    return description


@cache
def _static() -> dict:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "clocksource": _read("/sys/devices/system/clocksource/clocksource0/current_clocksource"),
        "os": _os_name(),
        "kernel": platform.release(),
    }


@cache
def tool_version(tool: str, where: Path | None = None, go_toolchain: str | None = None) -> str | None:
    """``go1.26.8`` -> ``1.26.8``; None when the tool is not installed. Go is asked in ``where``
    with ``GOTOOLCHAIN=go_toolchain`` when given, as the producer ran it."""
    if tool == "python":
        return platform.python_version()
    commands = {"go": ["go", "env", "GOVERSION"], "rust": ["rustc", "--version"]}
    if tool not in commands or shutil.which(commands[tool][0]) is None:
        return None
    environment = None
    if tool == "go" and go_toolchain:
        environment = {**os.environ, "GOTOOLCHAIN": go_toolchain}
    output = subprocess.run(
        commands[tool], capture_output=True, text=True, cwd=where if tool == "go" else None, env=environment,
    ).stdout
    match = re.search(r"(\d+\.\d+(?:\.\d+)?)", output)
    return match.group(1) if match else None


def load_average() -> float:
    return os.getloadavg()[0]


def _cpu_model() -> str:
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _memory_gb() -> int | None:
    match = re.search(r"^MemTotal:\s+(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    return round(int(match.group(1)) / 1024 / 1024) if match else None


def _os_name() -> str:
    match = re.search(r'^PRETTY_NAME="?([^"\n]*)"?', _read("/etc/os-release"), re.MULTILINE)
    return match.group(1) if match else platform.platform()


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""

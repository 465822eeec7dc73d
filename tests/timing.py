"""Where `make test`'s time went: a short table at the end of the run, with the listings' steps by
language (from the timings file `make listings` writes) and the seconds of each test file
(setup, calls and teardown; the session's shared book build counts in the file that first asks)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

LISTINGS_TIMINGS = Path(__file__).resolve().parents[1] / "_build" / "timings"

_seconds_by_file: dict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _seconds_by_file[report.nodeid.split("::")[0]] += report.duration


def listings_seconds(folder: Path) -> dict[str, float]:
    """Seconds by language over every timings file of the last `make listings` run."""
    by_kind: dict[str, float] = defaultdict(float)
    for path in sorted(folder.glob("listings-*.json")):
        for step in json.loads(path.read_text())["steps"]:
            by_kind[step["kind"]] += step["seconds"]
    return dict(by_kind)


def pytest_terminal_summary(terminalreporter) -> None:
    rows = [(f"listings: {kind}", seconds) for kind, seconds in sorted(listings_seconds(LISTINGS_TIMINGS).items())]
    rows += sorted(_seconds_by_file.items(), key=lambda row: -row[1])
    if not rows:
        return
    width = max(len(name) for name, _ in rows)
    terminalreporter.section("where the time went")
    for name, seconds in rows:
        terminalreporter.write_line(f"{name:<{width}}  {seconds:7.1f} s")
    terminalreporter.write_line(f"{'total':<{width}}  {sum(seconds for _, seconds in rows):7.1f} s")

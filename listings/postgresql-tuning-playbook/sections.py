"""What the producers of this folder share: printing a record's section, and reading SQL by anchor."""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent


def show(name: str, lines: list[str] | str) -> None:
    """Print one section of a producer's output; records.toml takes it with ``part = name``."""
    text = lines if isinstance(lines, str) else "\n".join(lines)
    print(f"==> {name} <==")
    print(text.rstrip("\n"), flush=True)


def query(file: str, anchor: str) -> str:
    """The SQL between ``-- ANCHOR: anchor`` and ``-- ANCHOR_END: anchor`` of a file in this folder:
    the statement a page shows is the statement that ran."""
    text = (HERE / file).read_text()
    match = re.search(rf"^-- ANCHOR: {anchor}\n(.*?)^-- ANCHOR_END: {anchor}$", text, re.MULTILINE | re.DOTALL)
    if match is None:
        raise LookupError(f"{file}: no section '-- ANCHOR: {anchor}'")
    return match.group(1)


class Labels:
    """Stable names for server processes: the first backend PID seen is "server connection 1"."""

    def __init__(self) -> None:
        self.pids: dict[int, int] = {}

    def __call__(self, pid: int) -> str:
        return f"server connection {self.pids.setdefault(pid, len(self.pids) + 1)}"


def rows(conn, statement: str, params: object = None) -> list[str]:
    """A query's rows as the book's SQL records print them: ``column: value`` lines, a blank line
    between rows, values in PostgreSQL's text form."""
    cursor = conn.execute(statement, params, prepare=False)
    names = [column.name for column in cursor.description]
    result = cursor.pgresult
    lines: list[str] = []
    for row in range(result.ntuples):
        if lines:
            lines.append("")
        for col, name in enumerate(names):
            value = result.get_value(row, col)
            lines.append(f"{name}: {'NULL' if value is None else value.decode()}")
    return lines

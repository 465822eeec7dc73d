"""The built-in SQL producer (``sql = "FILE"`` in records.toml): run a SQL file, print what it returns.

    python tools/listings/sql.py FILE      (connects with libpq's PG* variables, as psql would)

The statements of FILE run in order over the simple query protocol, as psql -f sends them. Each
row a statement returns is printed as ``column: value`` lines, with values in PostgreSQL's own text
form (what psql shows), and a blank line between rows. A plan (a result whose only column is
``QUERY PLAN``) is printed as its lines, as psql prints it.

A file with anchored sections (``-- ANCHOR: name`` ... ``-- ANCHOR_END: name``, the parts a page
includes) runs section by section, and the output of each section follows a line ``==> name <==``:
a record takes its section with ``part = "name"``. Statements outside the sections run too, in
their place, and print nothing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import psycopg


ANCHOR = re.compile(r"^\s*--\s*ANCHOR(_END)?:\s*(\S+)\s*$")


def sections(script: str) -> list[tuple[str | None, str]]:
    """The script cut at its anchor lines: (anchor name or None, SQL), in order."""
    result: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in script.splitlines(keepends=True):
        match = ANCHOR.match(line)
        if match:
            result.append((None if match.group(1) else match.group(2), []))
        else:
            result[-1][1].append(line)
    return [(name, "".join(lines)) for name, lines in result]


def render(conn: psycopg.Connection, script: str) -> str:
    """What the statements of ``script`` return, rendered (sections marked when it has anchors)."""
    parts = sections(script)
    if all(name is None for name, _ in parts):
        return _results(conn, script)
    output = []
    for name, statements in parts:
        if not re.sub(r"--[^\n]*", "", statements).strip():
            continue
        rendered = _results(conn, statements)
        if name is not None:
            output.append(f"==> {name} <==\n{rendered}")
    return "".join(output)


def _results(conn: psycopg.Connection, script: str) -> str:
    cursor = conn.execute(script)
    blocks = []
    while True:
        result = cursor.pgresult
        if cursor.description:
            names = [column.name for column in cursor.description]
            rows = [[result.get_value(row, col) for col in range(len(names))] for row in range(result.ntuples)]
            if names == ["QUERY PLAN"]:
                blocks.append("\n".join(value.decode() for (value,) in rows))
            else:
                for values in rows:
                    blocks.append("\n".join(
                        f"{name}: {'NULL' if value is None else value.decode()}" for name, value in zip(names, values)
                    ))
        if not cursor.nextset():
            break
    return "\n\n".join(blocks) + "\n" if blocks else ""


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: sql.py FILE", file=sys.stderr)
        return 2
    script = Path(argv[0]).read_text()
    with psycopg.connect(autocommit=True) as conn:  # host, port, user, database: libpq's PG* variables
        sys.stdout.write(render(conn, script))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

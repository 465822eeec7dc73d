"""Helpers for the chapter's tests: run anchored SQL, read plans, compare recorded plans.

Plans are judged by their shape (node types, relations, indexes, conditions), never by timings.
The recorded plans under plans/ are real EXPLAIN ANALYZE output; set PLAYBOOK_RECORD_PLANS=1 to
record them again from the current server instead of comparing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
PLANS = HERE / "plans"
RECORD = os.environ.get("PLAYBOOK_RECORD_PLANS") == "1"

# Lines of EXPLAIN ANALYZE text output that vary from run to run without changing the plan:
# buffer and I/O counters (cache state), timings, per-worker details (workers launched vary).
_VOLATILE_LINE = re.compile(
    r"^\s*(Buffers:|I/O Timings:|Planning:|Planning Time:|Execution Time:|Worker \d+:"
    r"|Workers Launched:|Sort Method:|Heap Blocks:|Memory Usage:)"
)
_COSTS = re.compile(r"\s*\((?:cost|actual)=?[^)]*\)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def section(filename: str, anchor: str) -> str:
    """The SQL between `-- ANCHOR: anchor` and `-- ANCHOR_END: anchor` in a listing file."""
    path = HERE / filename
    text = path.read_text()
    match = re.search(rf"^-- ANCHOR: {re.escape(anchor)}\n(.*?)^-- ANCHOR_END: {re.escape(anchor)}$",
                      text, re.S | re.M)
    if match is None:
        raise LookupError(f"{path}: no section '-- ANCHOR: {anchor}' ... '-- ANCHOR_END: {anchor}'")
    return match.group(1)


def statements(sql: str) -> list[str]:
    """The statements of a listing section (the listings have no ';' inside literals)."""
    without_comments = re.sub(r"--[^\n]*", "", sql)
    return [s.strip() for s in without_comments.split(";") if s.strip()]


def run(conn: psycopg.Connection, filename: str, anchor: str) -> None:
    """Run every statement of a listing section, in order."""
    for statement in statements(section(filename, anchor)):
        conn.execute(statement)


def query(filename: str, anchor: str) -> str:
    """The single statement of a listing section."""
    (statement,) = statements(section(filename, anchor))
    return statement


def plan(conn: psycopg.Connection, sql: str) -> dict:
    """The executed plan tree of `sql`, from EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)."""
    return conn.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}").fetchone()[0][0]["Plan"]


def nodes(node: dict) -> Iterator[dict]:
    """Every node of a plan tree, parent before children."""
    yield node
    for child in node.get("Plans", []):
        yield from nodes(child)


def node_types(root: dict) -> list[str]:
    """Node types in tree order, e.g. ['Limit', 'Index Scan']."""
    return [n["Node Type"] for n in nodes(root)]


def only_node(root: dict, node_type: str) -> dict:
    """The one node of `node_type` in the tree (fails if there are none or several)."""
    found = [n for n in nodes(root) if n["Node Type"] == node_type]
    assert len(found) == 1, f"expected one {node_type!r} node, found {node_types(root)}"
    return found[0]


def blocks_touched(root: dict) -> int:
    """Shared buffers the whole statement touched (hits plus reads), workers included."""
    return root["Shared Hit Blocks"] + root["Shared Read Blocks"]


def explain_text(conn: psycopg.Connection, sql: str) -> str:
    """EXPLAIN ANALYZE in the text format a reader sees in psql (BUFFERS is on by default in 18)."""
    return "\n".join(line for (line,) in conn.execute(f"EXPLAIN (ANALYZE) {sql}")) + "\n"


def shape(plan_text: str) -> list[str]:
    """A text plan without what varies between runs: costs, timings, counts, buffer lines."""
    kept = []
    for line in plan_text.splitlines():
        if not line.strip() or _VOLATILE_LINE.match(line):
            continue
        kept.append(_NUMBER.sub("N", _COSTS.sub("", line)).rstrip())
    return kept


def check_recorded(conn: psycopg.Connection, sql: str, name: str) -> str:
    """Compare the plan of `sql` with plans/<name>.txt by shape; return the fresh text plan."""
    fresh = explain_text(conn, sql)
    path = PLANS / f"{name}.txt"
    if RECORD:
        path.write_text(fresh)
    assert path.exists(), f"{path} is missing: record it with PLAYBOOK_RECORD_PLANS=1"
    assert shape(fresh) == shape(path.read_text()), (
        f"the plan of {name} no longer has the shape recorded in {path}:\n{fresh}"
    )
    return fresh

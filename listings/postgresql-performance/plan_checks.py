"""Helpers for the chapter's tests and its producer (chapter.py): run anchored SQL, read plans.

Plans are judged by their shape (node types, relations, indexes, conditions), never by timings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent


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

"""Change data capture from PostgreSQL into DuckDB, through a logical replication slot and pgoutput.

The consumer reads the slot with SQL functions (psycopg 3 does not speak the replication
protocol): it peeks at the decoded changes, applies whole transactions to DuckDB, and only then
advances the slot. A crash between the two means the same changes are delivered again, so the
apply is idempotent: rows are replaced by primary key, and DuckDB stores the position it has
applied up to in the same transaction as the rows. A TRUNCATE empties the copy's table; an
update's unchanged TOASTed values, which pgoutput sends without their value, are taken from the
old row when REPLICA IDENTITY FULL sends one, and otherwise from the row the copy holds.

The messages are pgoutput's, protocol version 1, as the chapter "Logical Replication Message
Formats" of the PostgreSQL 18 documentation describes them.
"""

from __future__ import annotations

import csv
import struct
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import psycopg

POSTGRES_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc).timestamp()


class _Unchanged:
    """Stands for an out-of-line (TOASTed) value an update did not change: pgoutput sends no value."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


# ANCHOR: messages
@dataclass
class Relation:
    oid: int
    name: str
    columns: list[str]
    key: list[str]          # the columns flagged as part of the replica identity


@dataclass
class Change:
    kind: str               # "insert", "update", "delete" or "truncate"
    relation: Relation
    row: dict[str, str | None]   # text values, or UNCHANGED; a delete carries only the key columns
    old_key: tuple | None = None  # an update's key before it, when the update changed the key


@dataclass
class Transaction:
    xid: int
    commit_lsn: int = 0
    end_lsn: int = 0        # where the slot may be advanced to once this is applied
    commit_time: float = 0.0  # Unix seconds, from the commit timestamp
    changes: list[Change] = field(default_factory=list)
# ANCHOR_END: messages


class Reader:
    """Decodes pgoutput messages, one bytes value at a time, into whole transactions."""

    def __init__(self) -> None:
        self.relations: dict[int, Relation] = {}
        self.current: Transaction | None = None

    # ANCHOR: decode
    def feed(self, data: bytes) -> Transaction | None:
        """Decode one message; return the transaction its Commit message completes."""
        kind, body = chr(data[0]), memoryview(data)[1:]
        if kind == "B":      # Begin: final LSN, commit timestamp, xid
            _, _, xid = struct.unpack_from("!qqI", body)
            self.current = Transaction(xid)
        elif kind == "C":    # Commit: flags, commit LSN, end LSN, commit timestamp
            _, commit_lsn, end_lsn, micros = struct.unpack_from("!bQQq", body)
            done, self.current = self.current, None
            done.commit_lsn, done.end_lsn = commit_lsn, end_lsn
            done.commit_time = POSTGRES_EPOCH + micros / 1e6
            return done
        elif kind == "R":    # Relation: before a table's first change in a session, and after DDL
            oid, = struct.unpack_from("!I", body)
            offset = 4
            namespace, offset = _string(body, offset)
            name, offset = _string(body, offset)
            _identity, ncols = struct.unpack_from("!bh", body, offset)
            offset += 3
            columns, key = [], []
            for _ in range(ncols):
                flags = body[offset]
                column, offset = _string(body, offset + 1)
                offset += 8  # type OID and type modifier
                columns.append(column)
                if flags & 1:
                    key.append(column)
            self.relations[oid] = Relation(oid, f"{namespace}.{name}", columns, key)
        elif kind in "IUD":  # Insert, Update, Delete
            oid, = struct.unpack_from("!I", body)
            relation, offset, old = self.relations[oid], 4, None
            if kind == "U" and chr(body[offset]) in "KO":   # the old key (K), or the old row (O)
                old_marker = chr(body[offset])               # with REPLICA IDENTITY FULL
                old, offset = _tuple(body, offset + 1, relation)
            marker = chr(body[offset])                       # N: new row; K or O: old key or row
            row, offset = _tuple(body, offset + 1, relation)
            if marker == "K":
                row = {c: v for c, v in row.items() if c in relation.key}
            change = Change({"I": "insert", "U": "update", "D": "delete"}[kind], relation, row)
            if old is not None:
                if old_marker == "O":   # the old row holds the values the new one marks unchanged
                    row.update({c: old[c] for c, v in row.items() if v is UNCHANGED})
                if any(old[c] != row[c] for c in relation.key):
                    change.old_key = tuple(old[c] for c in relation.key)
            self.current.changes.append(change)
        elif kind == "T":    # Truncate: number of tables, options, their OIDs
            count, = struct.unpack_from("!i", body)
            for oid in struct.unpack_from(f"!{count}I", body, 5):
                self.current.changes.append(Change("truncate", self.relations[oid], {}))
        # Other messages (Type, Origin, logical decoding messages) are not used here.
        return None
    # ANCHOR_END: decode


def _string(body: memoryview, offset: int) -> tuple[str, int]:
    end = bytes(body[offset:]).index(b"\0") + offset
    return bytes(body[offset:end]).decode(), end + 1


def _tuple(body: memoryview, offset: int, relation: Relation) -> tuple[dict[str, str | None], int]:
    ncols, = struct.unpack_from("!h", body, offset)
    offset += 2
    row: dict[str, str | None] = {}
    for column in relation.columns[:ncols]:
        kind = chr(body[offset])
        offset += 1
        if kind == "n":
            row[column] = None
        elif kind == "u":   # unchanged TOASTed value: the value is not sent
            row[column] = UNCHANGED
        else:  # "t": text
            length, = struct.unpack_from("!i", body, offset)
            row[column] = bytes(body[offset + 4:offset + 4 + length]).decode()
            offset += 4 + length
    return row, offset


# ANCHOR: slot
def create_slot(conn: psycopg.Connection, slot: str, tables: str) -> None:
    """A publication of ``tables`` and a logical slot that decodes with pgoutput."""
    conn.execute(f"CREATE PUBLICATION {slot}_pub FOR TABLE {tables}")
    conn.execute("SELECT pg_create_logical_replication_slot(%s, 'pgoutput')", (slot,))


def drop_slot(conn: psycopg.Connection, slot: str) -> None:
    """Drop the slot: a slot nobody reads keeps every WAL segment from now on."""
    conn.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = %s", (slot,))
    conn.execute(f"DROP PUBLICATION IF EXISTS {slot}_pub")


PEEK = """
SELECT data FROM pg_logical_slot_peek_binary_changes(
    %s, NULL, %s, 'proto_version', '1', 'publication_names', %s)
"""
# ANCHOR_END: slot


class Consumer:
    """Moves committed transactions from a slot into DuckDB tables of the same names and columns."""

    def __init__(self, conn: psycopg.Connection, duck: duckdb.DuckDBPyConnection, slot: str) -> None:
        self.conn, self.duck, self.slot = conn, duck, slot
        self.reader = Reader()
        duck.execute("CREATE TABLE IF NOT EXISTS cdc_position (slot VARCHAR PRIMARY KEY, end_lsn UBIGINT)")

    def applied_up_to(self) -> int:
        row = self.duck.execute("SELECT end_lsn FROM cdc_position WHERE slot = ?", (self.slot,)).fetchone()
        return row[0] if row else 0

    def poll(self, max_changes: int = 10_000, crash_before_advance: bool = False) -> list[tuple[Transaction, float]]:
        """Apply what the slot holds; each transaction applied, with the time it was applied."""
        # ANCHOR: poll
        self.reader.current = None
        complete = []
        for (data,) in self.conn.execute(PEEK, (self.slot, max_changes, f"{self.slot}_pub")):
            done = self.reader.feed(data)
            if done is not None:
                complete.append(done)
        position = self.applied_up_to()
        fresh = [t for t in complete if t.end_lsn > position]   # skip what DuckDB already has
        if fresh:
            self.apply(fresh)
        applied_at = time.time()
        if complete and not crash_before_advance:
            self.conn.execute("SELECT pg_replication_slot_advance(%s, %s::pg_lsn)",
                              (self.slot, _lsn_text(complete[-1].end_lsn)))
        # ANCHOR_END: poll
        return [(t, applied_at) for t in fresh]

    # ANCHOR: apply
    def apply(self, transactions: list[Transaction]) -> None:
        """One DuckDB transaction: the last state of every row touched, and the new position."""
        latest: dict[tuple[str, tuple], tuple[Relation, tuple, dict | None]] = {}
        emptied: dict[str, Relation] = {}   # tables truncated in the batch
        for transaction in transactions:
            for change in transaction.changes:
                name = change.relation.name
                if change.kind == "truncate":
                    latest = {k: v for k, v in latest.items() if k[0] != name}
                    emptied[name] = change.relation
                    continue
                key = tuple(change.row[c] for c in change.relation.key)
                row = None if change.kind == "delete" else dict(change.row)
                before = change.old_key or key
                if row is not None and UNCHANGED in row.values():
                    self._fill_unchanged(change.relation, before, row, latest, name in emptied)
                if before != key:               # the update moved the row to a new key
                    latest[(name, before)] = (change.relation, before, None)
                latest[(name, key)] = (change.relation, key, row)
        self.duck.execute("BEGIN")
        try:
            for relation in emptied.values():
                self.duck.execute(f"DELETE FROM {relation.name.split('.')[-1]}")
            with tempfile.TemporaryDirectory() as folder:
                for name in {name for name, _ in latest}:
                    self._replace([v for (n, _), v in latest.items() if n == name], Path(folder))
            self.duck.execute("INSERT OR REPLACE INTO cdc_position VALUES (?, ?)",
                              (self.slot, transactions[-1].end_lsn))
            self.duck.execute("COMMIT")
        except BaseException:
            self.duck.execute("ROLLBACK")
            raise

    def _fill_unchanged(self, relation: Relation, key: tuple, row: dict, latest: dict, emptied: bool) -> None:
        """An update sent unchanged TOASTed values without them: take them from the copy's own row,
        as this batch left it or, if the batch did not touch it, as DuckDB holds it."""
        missing = [c for c, v in row.items() if v is UNCHANGED]
        if (relation.name, key) in latest:
            previous = latest[(relation.name, key)][2]
        elif emptied:
            previous = None
        else:
            table = relation.name.split(".")[-1]
            found = self.duck.execute(
                f"SELECT {', '.join(f'CAST({c} AS VARCHAR) AS {c}' for c in missing)} FROM {table} WHERE "
                + " AND ".join(f"{c} = ?" for c in relation.key), list(key)).fetchone()
            previous = None if found is None else dict(zip(missing, found))
        if previous is None:
            raise ValueError(f"{relation.name} {key}: an update left {missing} unchanged (TOASTed, not sent) "
                             "and the copy does not hold the row; resynchronise the table from a snapshot")
        row.update({c: previous[c] for c in missing})

    def _replace(self, entries: list[tuple[Relation, tuple, dict | None]], folder: Path) -> None:
        """Delete every key touched, then insert the rows that still exist. Both go through CSV
        files: DuckDB loads a file far faster than it runs one INSERT per row."""
        relation = entries[0][0]
        table = relation.name.split(".")[-1]
        types = dict(self.duck.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
            (table,)).fetchall())
        columns = {c: types[c] for c in relation.columns}
        keys, rows = folder / f"{table}.keys.csv", folder / f"{table}.rows.csv"
        with keys.open("w", newline="") as k, rows.open("w", newline="") as r:
            key_writer, row_writer = csv.writer(k), csv.writer(r)
            for _, key, row in entries:
                key_writer.writerow(key)
                if row is not None:
                    row_writer.writerow(["\\N" if row[c] is None else row[c] for c in relation.columns])
        key_types = {c: types[c] for c in relation.key}
        match = " AND ".join(f"{table}.{c} = k.{c}" for c in relation.key)
        self.duck.execute(f"DELETE FROM {table} USING read_csv('{keys}', header = false, "
                          f"columns = {key_types!r}) AS k WHERE {match}")
        if rows.stat().st_size:
            self.duck.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_csv('{rows}', header = false, "
                              f"nullstr = '\\N', columns = {columns!r})")
    # ANCHOR_END: apply


def _lsn_text(lsn: int) -> str:
    return f"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}"

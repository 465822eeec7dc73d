"""Loading the chapter's shop: the tables of schema.sql and the rows of seed.sql."""

from __future__ import annotations

from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent


def load_shop(conn: psycopg.Connection) -> None:
    """Create the tables and load them, as the chapter's schema.sql and seed.sql do."""
    # The plans depend on synchronous_commit being on (the default, which the test server keeps):
    # with it off, a commit not yet flushed to the WAL cannot have its rows hinted as committed,
    # and VACUUM then leaves their pages out of the visibility map, changing index-only scans.
    conn.execute("SET synchronous_commit = on")
    conn.execute((HERE / "schema.sql").read_text())
    # Autovacuum runs on its own schedule: left on, it could vacuum the table in the middle of a
    # test and change what the test sees (the visibility map, the dead-row counts). The tests
    # vacuum explicitly where the chapter does.
    conn.execute("ALTER TABLE customers SET (autovacuum_enabled = off)")
    conn.execute("ALTER TABLE orders SET (autovacuum_enabled = off)")
    conn.execute((HERE / "seed.sql").read_text())

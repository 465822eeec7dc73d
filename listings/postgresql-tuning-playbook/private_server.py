"""A private PostgreSQL 18 server, for the settings that only a restart changes.

``shared_buffers`` and ``io_method`` are read once, when the server starts; the shared server that
``make listings`` runs for every folder cannot be restarted with other values in the middle of a
run. A private server also has a log of its own to read, and files of its own to flush (the
checkpoint records run on one with fsync on). For those, a producer starts a server of its own here, with the book's test-server helper
(tools/listings/postgres18.py: same binaries, unprivileged, on a free port of 127.0.0.1, removed
afterwards), and says which settings it changed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import psycopg

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY))

from tools.listings.postgres18 import postgres18  # noqa: E402  (the repository's helper, found above)


@contextmanager
def private_server(settings: Mapping[str, str]) -> Iterator[psycopg.Connection]:
    """A superuser connection, in autocommit mode, to a new server started with ``settings``."""
    with private_server_and_log(settings) as (conn, _):
        yield conn


@contextmanager
def private_server_and_log(settings: Mapping[str, str]) -> Iterator[tuple[psycopg.Connection, Path]]:
    """The same, and the path of the server's log (the helper writes it next to the data folder)."""
    with postgres18(settings=settings) as server:
        with psycopg.connect(server.dsn(), autocommit=True) as conn:
            yield conn, server.data_dir.parent / "server.log"

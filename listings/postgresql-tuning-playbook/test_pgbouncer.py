"""The PgBouncer harness: it pools, it reports a refused setting with PgBouncer's own words, and it
leaves no process, port or file behind."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import psycopg
import pytest

from pgbouncer import PgBouncerError, pgbouncer


def backend_pid(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT pg_backend_pid()").fetchone()[0]


def test_transaction_pool_serves_clients_from_one_server_connection(pg_dsn: str) -> None:
    database = psycopg.conninfo.conninfo_to_dict(pg_dsn)["dbname"]
    with pgbouncer("transaction", 1) as bouncer:
        pids = {backend_pid(bouncer.dsn(database)) for _ in range(3)}
        pools = [pool for pool in bouncer.show("POOLS") if pool["database"] == database]
    assert len(pids) == 1
    assert pools[0]["pool_mode"] == "transaction"


def test_stops_and_leaves_nothing_behind(pg_dsn: str) -> None:
    database = psycopg.conninfo.conninfo_to_dict(pg_dsn)["dbname"]
    with pgbouncer() as bouncer:
        backend_pid(bouncer.dsn(database))
        folder, port = bouncer.folder, bouncer.port
        assert folder.is_dir()
        assert any(str(folder) in command for command in _command_lines())
    assert not folder.exists()
    assert not any(str(folder) in command for command in _command_lines()), "a pgbouncer process is still running"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_a_setting_this_version_lacks_fails_with_pgbouncers_message(pg_dsn: str) -> None:
    with pytest.raises(PgBouncerError, match="unknown parameter: pgbouncer/max_prepared_statements"):
        with pgbouncer(max_prepared_statements=100):
            pass


def test_without_a_server_it_says_how_to_get_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGHOST", raising=False)
    with pytest.raises(PgBouncerError, match="make listings"):
        with pgbouncer():
            pass


def _command_lines() -> list[str]:
    """Every process's command line, as text."""
    lines = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                lines.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                pass
    return lines

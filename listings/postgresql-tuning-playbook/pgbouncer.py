"""Run Debian's PgBouncer in front of the test server for one block of code, then leave nothing behind.

    with pgbouncer(pool_mode="transaction", default_pool_size=2) as bouncer:
        psycopg.connect(bouncer.dsn("mydb"))

The PostgreSQL server comes from libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD), as for every
listing. PgBouncer refuses to run as root, so as root it runs as ``nobody``; its folder (configuration,
password file, log) is a new temporary folder that only that account can read, removed on the way
out with the process stopped, whether the block succeeded or not. It listens on a free port of
127.0.0.1 only, and on no Unix socket.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

HOST = "127.0.0.1"
EXECUTABLE = "pgbouncer"  # Debian 12: /usr/sbin/pgbouncer, 1.18.0
UNPRIVILEGED = "nobody"


class PgBouncerError(RuntimeError):
    """PgBouncer could not be started; the message says why and what to do."""


@dataclass(frozen=True)
class Bouncer:
    host: str
    port: int
    user: str
    password: str
    folder: Path

    def dsn(self, dbname: str, **params: object) -> str:
        """A libpq connection string to ``dbname`` through PgBouncer (as the server's user unless
        ``user`` and ``password`` say otherwise)."""
        return make_conninfo(**{"host": self.host, "port": self.port, "user": self.user, "password": self.password,
                                "dbname": dbname, **params})

    def url(self, dbname: str, query: str = "") -> str:
        """The same as a URL (for pgx), with an optional query string such as ``default_query_exec_mode=exec``."""
        return f"postgres://{self.user}:{self.password}@{self.host}:{self.port}/{dbname}" + (f"?{query}" if query else "")

    def show(self, what: str) -> list[dict[str, object]]:
        """A ``SHOW`` command of PgBouncer's admin console, such as ``SHOW POOLS``, as rows of dicts."""
        with psycopg.connect(self.dsn("pgbouncer"), autocommit=True) as console:
            cursor = console.execute(f"SHOW {what}")
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def log(self) -> str:
        return (self.folder / "pgbouncer.log").read_text(errors="replace")

    def configuration(self) -> str:
        """The pgbouncer.ini this PgBouncer was started with, as written."""
        return (self.folder / "pgbouncer.ini").read_text()


@contextmanager
def pgbouncer(pool_mode: str = "transaction", default_pool_size: int = 2,
              users: Mapping[str, str] | None = None, **settings: object) -> Iterator[Bouncer]:
    """PgBouncer with these settings in its ``[pgbouncer]`` section, for the duration of the block.

    ``users`` maps more role names to their passwords (the server's own user is always there)."""
    binary = shutil.which(EXECUTABLE) or shutil.which(EXECUTABLE, path="/usr/sbin")
    if binary is None:
        raise PgBouncerError("pgbouncer: command not found; install Debian's pgbouncer package "
                             "(tools/ensure-debian-packages listings does it as root)")
    server_host, server_port = os.environ.get("PGHOST"), os.environ.get("PGPORT")
    if not server_host or not server_port:
        raise PgBouncerError("PGHOST and PGPORT are not set: run this through `make listings`, which starts PostgreSQL 18")
    user, password = os.environ.get("PGUSER", "postgres"), os.environ.get("PGPASSWORD", "")
    account = _account()
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    process: subprocess.Popen | None = None
    try:
        port = _free_port()
        all_users = {user: password, **(users or {})}
        # Plain-text passwords: PgBouncer needs them to log in to PostgreSQL with SCRAM as each user.
        _write(folder / "userlist.txt", "".join(f'"{name}" "{secret}"\n' for name, secret in all_users.items()), account)
        options = {
            "listen_addr": HOST, "listen_port": port, "unix_socket_dir": "", "auth_type": "scram-sha-256",
            "auth_file": folder / "userlist.txt", "admin_users": user, "pool_mode": pool_mode,
            "default_pool_size": default_pool_size, "max_client_conn": 500, **settings,
        }
        _write(folder / "pgbouncer.ini",
               f"[databases]\n* = host={server_host} port={server_port}\n\n[pgbouncer]\n"
               + "".join(f"{name} = {value}\n" for name, value in options.items()), account)
        if account is not None:
            os.chown(folder, account.pw_uid, account.pw_gid)
        folder.chmod(0o700)
        with open(folder / "pgbouncer.log", "wb") as log:
            process = subprocess.Popen(
                [binary, str(folder / "pgbouncer.ini")], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, **_as(account),
            )
        bouncer = Bouncer(HOST, port, user, password, folder)
        _wait_until_listening(process, bouncer)
        yield bouncer
    finally:
        try:
            if process is not None:
                _stop(process)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _account() -> pwd.struct_passwd | None:
    """Who PgBouncer runs as: ourselves, or ``nobody`` when we are root."""
    return pwd.getpwnam(UNPRIVILEGED) if os.geteuid() == 0 else None


def _as(account: pwd.struct_passwd | None) -> dict:
    return {} if account is None else {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


def _write(path: Path, text: str, account: pwd.struct_passwd | None) -> None:
    path.write_text(text)
    path.chmod(0o600)
    if account is not None:
        os.chown(path, account.pw_uid, account.pw_gid)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _wait_until_listening(process: subprocess.Popen, bouncer: Bouncer, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise PgBouncerError(f"pgbouncer exited during start-up (status {process.returncode}); its log:\n{bouncer.log()}")
        try:
            with socket.create_connection((bouncer.host, bouncer.port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise PgBouncerError(f"pgbouncer did not listen on {bouncer.host}:{bouncer.port} within {timeout:.0f} s; "
                                     f"its log:\n{bouncer.log()}") from None
            time.sleep(0.02)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM: PgBouncer 1.18 shuts down at once, closing every client and server connection."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

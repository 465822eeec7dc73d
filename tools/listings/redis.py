"""A throwaway Redis server for the listings: Debian's ``redis-server``, unprivileged, on loopback.

Like the PostgreSQL server (postgres18.py), it lives in a temporary folder, listens on a free port
of 127.0.0.1 only, requires a password generated per run, keeps nothing on disk (no snapshots, no
append-only file), and the context manager stops it and removes its folder however the block ends.
Redis speaks a text protocol (RESP); the few commands the runner itself sends (``PING``,
``FLUSHALL``, ``INFO``) need no client library.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tools.listings.server_process import AccountError, as_account, free_port, server_account, stop, tail

HOST = "127.0.0.1"
SERVICE_USER = "playbook-redis"
INSTALL_HINT = "install Debian's redis-server (tools/ensure-debian-packages listings does it as root)"


class RedisError(RuntimeError):
    """The Redis server could not be set up; the message says what to do."""


@dataclass(frozen=True)
class RedisServer:
    host: str
    port: int
    password: str
    folder: Path

    @property
    def url(self) -> str:
        return f"redis://default:{self.password}@{self.host}:{self.port}/0"

    def command(self, *words: str) -> str:
        """Send one command and return its reply (a simple, error or bulk string)."""
        request = f"*{len(words)}\r\n" + "".join(f"${len(w.encode())}\r\n{w}\r\n" for w in words)
        with socket.create_connection((self.host, self.port), timeout=5) as connection:
            connection.sendall(_auth(self.password) + request.encode())
            reply = _read_replies(connection, 2)[1]
        if reply.startswith("-"):
            raise RedisError(f"Redis answered {' '.join(words[:1])} with an error: {reply[1:]}")
        return reply

    def flush(self) -> None:
        """Empty every database: each producer starts from an empty Redis."""
        self.command("FLUSHALL")

    def version(self) -> str:
        match = re.search(r"^redis_version:(\S+)", self.command("INFO", "server"), re.MULTILINE)
        return match.group(1) if match else "unknown"


@contextmanager
def redis_server(*, executable: str = "redis-server", temp_parent: Path | None = None,
                 start_timeout: float = 30.0) -> Iterator[RedisServer]:
    """Run a Redis server for the duration of the ``with`` block."""
    binary = shutil.which(executable)
    if binary is None:
        raise RedisError(f"{executable}: command not found; {INSTALL_HINT}.")
    try:
        account = server_account(SERVICE_USER, "Redis for the book's tests")
    except AccountError as error:
        raise RedisError(f"Redis should not run as root, and {error}") from None
    folder = Path(tempfile.mkdtemp(prefix="playbook-redis-", dir=temp_parent))
    process: subprocess.Popen | None = None
    try:
        os.chown(folder, account.uid, account.gid)
        password = secrets.token_urlsafe(24)
        port = free_port(HOST)
        config = folder / "redis.conf"
        # The password goes in a file only the server's account reads, not on its command line.
        config.write_text(
            f"bind {HOST}\nport {port}\nrequirepass {password}\nprotected-mode yes\ndir {folder}\n"
            f"save \"\"\nappendonly no\ndaemonize no\nlogfile \"\"\n"
        )
        os.chown(config, account.uid, account.gid)
        config.chmod(0o600)
        log_path = folder / "server.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [binary, str(config)], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                cwd=folder, start_new_session=True, **as_account(account),
            )
        server = RedisServer(HOST, port, password, folder)
        _wait_until_ready(process, server, log_path, start_timeout)
        yield server
    finally:
        try:
            if process is not None:
                stop(process, signal.SIGTERM)  # SIGTERM: Redis shuts down cleanly (no save: "save" is off)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _wait_until_ready(process: subprocess.Popen, server: RedisServer, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RedisError(
                f"redis-server exited during start-up (exit status {process.returncode}). Server log:\n"
                f"{tail(log_path.read_text(errors='replace'))}"
            )
        try:
            if server.command("PING") == "+PONG":
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RedisError(
                f"redis-server did not answer PING on {server.host}:{server.port} within {timeout:.0f} s. "
                f"Server log:\n{tail(log_path.read_text(errors='replace'))}"
            )
        time.sleep(0.02)


def _auth(password: str) -> bytes:
    return f"*2\r\n$4\r\nAUTH\r\n${len(password.encode())}\r\n{password}\r\n".encode()


def _read_replies(connection: socket.socket, count: int) -> list[str]:
    """Read ``count`` replies: simple strings (+), errors (-), integers (:) and bulk strings ($)."""
    buffer = b""
    replies: list[str] = []
    while len(replies) < count:
        chunk = connection.recv(65536)
        if not chunk:
            raise OSError("Redis closed the connection")
        buffer += chunk
        replies = []
        rest = buffer
        while rest and len(replies) < count:
            line, separator, after = rest.partition(b"\r\n")
            if not separator:
                break
            if line[:1] == b"$":
                length = int(line[1:])
                if length < 0:
                    replies.append("")
                    rest = after
                    continue
                if len(after) < length + 2:
                    break
                replies.append(after[:length].decode())
                rest = after[length + 2:]
            else:
                replies.append(line.decode())
                rest = after
    return replies

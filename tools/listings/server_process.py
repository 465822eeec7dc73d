"""What the throwaway servers of the listings share: who runs them, a free port, stopping them.

PostgreSQL refuses to run as root, and no server of the book's tests needs root: as root, each
runs as a system user without login or home, created on first use.
"""

from __future__ import annotations

import os
import pwd
import signal
import socket
import subprocess
from dataclasses import dataclass


class AccountError(RuntimeError):
    """The unprivileged account could not be created; the message says what to do."""


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int


def server_account(system_user: str, comment: str) -> Account:
    """The current user, or as root ``system_user`` (created when missing)."""
    if os.geteuid() != 0:
        entry = pwd.getpwuid(os.geteuid())
        return Account(entry.pw_name, entry.pw_uid, entry.pw_gid)
    try:
        entry = pwd.getpwnam(system_user)
    except KeyError:
        created = subprocess.run(
            ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
             "--shell", "/usr/sbin/nologin", "--comment", comment, system_user],
            capture_output=True, text=True,
        )
        if created.returncode != 0 and "already exists" not in created.stderr:
            raise AccountError(
                f"the tests run as root, and creating the unprivileged user {system_user!r} to run the "
                f"server failed: {created.stderr.strip()}. Create that user "
                f"(useradd --system --user-group {system_user}) or run the tests as a non-root user."
            ) from None
        entry = pwd.getpwnam(system_user)
    return Account(entry.pw_name, entry.pw_uid, entry.pw_gid)


def as_account(account: Account) -> dict:
    """subprocess arguments that run a command as ``account`` (nothing to change when it is us)."""
    if account.uid == os.geteuid():
        return {}
    return {"user": account.uid, "group": account.gid, "extra_groups": []}


def free_port(host: str) -> int:
    """A TCP port on ``host`` that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen, signal_number: int = signal.SIGINT, timeout: float = 30) -> None:
    """Ask the server to stop (PostgreSQL: SIGINT is a fast shutdown); SIGKILL if it has not
    stopped within ``timeout`` seconds."""
    if process.poll() is not None:
        return
    process.send_signal(signal_number)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def kill_children() -> None:
    """SIGKILL every process this one started that is still running. A stop that lands while a
    step's process is being started (after exec, before Popen returns) leaves no Popen to stop it;
    /proc still names it as our child."""
    me = str(os.getpid())
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                parent = stat.read().rsplit(")", 1)[1].split()[1]  # the field after the state
        except OSError:  # it ended meanwhile
            continue
        if parent == me:
            try:
                os.kill(int(entry.name), signal.SIGKILL)
            except ProcessLookupError:
                pass


def tail(text: str, lines: int = 20) -> str:
    """The last ``lines`` lines of a server log, indented."""
    return "\n".join("    " + line for line in text.rstrip().splitlines()[-lines:])

"""The servers of a listings run (tools/listings/services.py): one PostgreSQL 18 and one Redis,
passed to the folders that declare them, and nothing left behind, whether the run ends well, fails,
or is interrupted."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tools.listings import services
from tools.listings.runner import REPOSITORY


@pytest.fixture
def servers_folder() -> Iterator[Path]:
    """A temporary folder for the servers' own folders, reachable by their unprivileged users
    (pytest's tmp_path sits in a folder only its owner may enter)."""
    with tempfile.TemporaryDirectory(prefix="playbook-services-test-") as folder:
        os.chmod(folder, 0o711)
        yield Path(folder)


@pytest.fixture
def temp_parent(servers_folder: Path, monkeypatch) -> Path:
    """The servers of this process make their folders in ``servers_folder``."""
    monkeypatch.setattr(tempfile, "tempdir", str(servers_folder))  # mkdtemp's default folder
    return servers_folder


def processes_mentioning(text: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                # Redis rewrites its command line ("redis-server 127.0.0.1:port"): its folder is its cwd.
                folder = os.readlink(entry / "cwd")
            except OSError:
                continue
            if text in command or text in folder:
                found.append(command)
    return found


def test_both_servers_run_reach_the_declaring_folders_and_leave_nothing(temp_parent):
    with services.started({"postgresql", "redis"}) as running:
        assert len(list(temp_parent.iterdir())) == 2  # one folder per server
        assert processes_mentioning(str(temp_parent))
        env = services.apply(running.environment(("postgresql", "redis")), base={})
        assert env["PGHOST"] == "127.0.0.1" and env["PGDATABASE"] == "postgres"
        assert env["DATABASE_URL"] == (f"postgresql://postgres:{env['PGPASSWORD']}@127.0.0.1:{env['PGPORT']}/postgres")
        with psycopg.connect(env["DATABASE_URL"]) as conn:
            assert conn.execute("SHOW server_version_num").fetchone()[0].startswith("18")
            assert conn.execute("SHOW shared_preload_libraries").fetchone()[0] == "pg_stat_statements"
        assert env["REDIS_URL"] == f"redis://default:{running.redis.password}@127.0.0.1:{running.redis.port}/0"
        assert running.redis.command("PING") == "+PONG"
        # A folder that declares nothing gets none of the variables, even from the caller's shell.
        bare = services.apply(running.environment(()), base={"PGHOST": "db.example", "PATH": "/bin"})
        assert bare == {"PATH": "/bin"}
    assert list(temp_parent.iterdir()) == []
    assert processes_mentioning(str(temp_parent)) == []


def test_a_failure_inside_the_run_still_stops_both(temp_parent):
    with pytest.raises(ZeroDivisionError):
        with services.started({"postgresql", "redis"}):
            assert processes_mentioning(str(temp_parent))
            1 / 0
    assert list(temp_parent.iterdir()) == []
    assert processes_mentioning(str(temp_parent)) == []


def test_each_producer_gets_a_fresh_database_an_empty_redis_and_its_settings(temp_parent):
    with services.started({"postgresql", "redis"}) as running:
        running.redis.command("SET", "left", "over")
        with running.for_producer(("postgresql", "redis"), "plans/seq scan", (("fsync", "on"),)) as env:
            database = env["PGDATABASE"]
            assert database.startswith("record_plans_seq_scan") and env["DATABASE_URL"].endswith(f"/{database}")
            with psycopg.connect(services.apply(env, base={})["DATABASE_URL"]) as conn:
                assert conn.execute("SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relnamespace = "
                                    "'public'::regnamespace").fetchone()[0] == 0
                assert conn.execute("SHOW fsync").fetchone()[0] == "on"
            assert running.redis.command("EXISTS", "left") == ":0"
        with psycopg.connect(running.postgresql.dsn()) as conn:
            assert conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (database,)).fetchone()[0] == 0
            assert conn.execute("SHOW fsync").fetchone()[0] == "off"  # the shared server's own setting again


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_leaves_nothing_behind(tmp_path, servers_folder, stop):
    listing = tmp_path / "listings" / "sleepy"
    listing.mkdir(parents=True)
    (listing / "records.toml").write_text(
        'services = ["postgresql", "redis"]\n\n[records.nap]\n'
        'command = ["python", "-c", "import time; time.sleep(120)"]\n'
    )
    servers = servers_folder
    runner = subprocess.Popen(
        [sys.executable, "-m", "tools.listings", str(tmp_path / "listings")], cwd=REPOSITORY,
        env={**os.environ, "TMPDIR": str(servers)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not any("time.sleep(120)" in c for c in processes_mentioning("time.sleep(120)")):
        assert runner.poll() is None, runner.communicate()[0]
        assert time.monotonic() < deadline, "the producer never started"
        time.sleep(0.1)
    assert len(list(servers.iterdir())) == 2  # both servers are up while the producer runs
    # Ctrl-C reaches the terminal's whole process group; a CI timeout sends SIGTERM to the runner.
    if stop == signal.SIGINT:
        os.killpg(runner.pid, signal.SIGINT)
    else:
        runner.send_signal(signal.SIGTERM)
    output, _ = runner.communicate(timeout=60)
    assert runner.returncode != 0, output
    assert list(servers.iterdir()) == []
    assert processes_mentioning(str(servers)) == []
    assert processes_mentioning("time.sleep(120)") == []


def test_listing_fixtures_without_a_server_say_how_to_get_one(tmp_path):
    shutil.copy(REPOSITORY / "listings" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_needs_postgres.py").write_text("def test_query(pg_conn):\n    pg_conn.execute('SELECT 1')\n")
    env = {k: v for k, v in os.environ.items() if k not in services.SERVICE_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--rootdir={tmp_path}", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert (
        "this test needs PostgreSQL 18, and PGHOST and PGPORT are not set: run it through `make listings` "
        "(which starts the server), or set PGHOST, PGPORT, PGUSER and PGPASSWORD"
    ) in result.stdout


def test_a_child_no_popen_knows_is_killed_at_the_end():
    """The runner's last act: a process it started but holds no handle to (a stop between exec and
    Popen's return) is killed. Run in a child interpreter, whose only children are the script's."""
    script = (
        "import os, signal, sys\n"
        "from tools.listings.server_process import kill_children\n"
        "pid = os.posix_spawn(sys.executable, [sys.executable, '-c', 'import time; time.sleep(60)'], os.environ)\n"
        "kill_children()\n"
        "_, status = os.waitpid(pid, 0)\n"
        "print(os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True, timeout=30)
    assert result.stdout.strip() == "True", result.stderr

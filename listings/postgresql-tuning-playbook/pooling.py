"""What PgBouncer gives, and what transaction pooling breaks, run against PgBouncer and PostgreSQL 18.

    python pooling.py        (PostgreSQL from libpq's PG* variables; PgBouncer started here)

Each scenario prints a section (``==> name <==``) that records.toml stores as a record. The
clients are psycopg connections to PgBouncer, in autocommit mode, as an application's would be;
"server connection N" names the PostgreSQL process (by its PID, in order of appearance) that ran
each statement. Every step is ordered by the script, so the output is the same on every run:
PgBouncer hands out its idle server connections last in, first out, which makes the order
deterministic, and is also why a test with one client at a time rarely sees these failures.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import psycopg
from psycopg import sql

from pgbouncer import EXECUTABLE, Bouncer, PgBouncerError, pgbouncer
from sections import Labels, show

DATABASE = os.environ.get("PGDATABASE", "postgres")
APP_ROLE = "tuning_app"  # a login role like an application's: not a superuser
APP_PASSWORD = secrets.token_urlsafe(18)


def admin() -> psycopg.Connection:
    """A direct superuser connection to this run's database, to set up and to inspect."""
    return psycopg.connect(autocommit=True)


@contextmanager
def app_role() -> Iterator[None]:
    """The application's role and the tables its clients read, removed afterwards."""
    with admin() as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(APP_ROLE), sql.Literal(APP_PASSWORD)))
    try:
        _tables()
        yield
    finally:
        with admin() as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (APP_ROLE,))
            conn.execute(sql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(sql.Identifier(APP_ROLE)))


def _tables() -> None:
    with admin() as conn:
        conn.execute("""
            CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b;
            CREATE TABLE tenant_a.invoices AS SELECT g AS id FROM generate_series(1, 3) g;
            CREATE TABLE tenant_b.invoices AS SELECT g AS id FROM generate_series(1, 5) g;
            CREATE TABLE accounts (id int PRIMARY KEY, balance numeric NOT NULL, credit_limit numeric NOT NULL);
            INSERT INTO accounts VALUES (1, 120.00, 5000.00), (2, 80.00, 1000.00);
        """)
        for schema in ("tenant_a", "tenant_b", "public"):
            conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {0} TO {1}; GRANT SELECT ON ALL TABLES IN SCHEMA {0} TO {1}").format(
                sql.Identifier(schema), sql.Identifier(APP_ROLE)))


@contextmanager
def app_pool(pool_mode: str = "transaction", default_pool_size: int = 2, **settings: object) -> Iterator[Bouncer]:
    with pgbouncer(pool_mode, default_pool_size, users={APP_ROLE: APP_PASSWORD}, **settings) as bouncer:
        yield bouncer


def client(bouncer: Bouncer, **options: object) -> psycopg.Connection:
    """An application's connection to PgBouncer, as the application's role."""
    return psycopg.connect(bouncer.dsn(DATABASE, user=APP_ROLE, password=APP_PASSWORD), autocommit=True, **options)


# ANCHOR: psycopg_fix
def pooled_client(bouncer: Bouncer) -> psycopg.Connection:
    """The same, for a transaction pool without prepared statement support (for psycopg, PgBouncer
    before 1.22): psycopg prepares nothing by name."""
    return client(bouncer, prepare_threshold=None)
# ANCHOR_END: psycopg_fix


def pid(conn: psycopg.Connection) -> int:
    """The PostgreSQL process running this client's statements now (never prepared by psycopg)."""
    return conn.execute("SELECT pg_backend_pid()", prepare=False).fetchone()[0]


def boolean(value: bool) -> str:
    return "true" if value else "false"


def error(exc: psycopg.Error) -> str:
    """An error as psql prints its first line."""
    return f"ERROR:  {exc.diag.message_primary}"


# -- what the packaged PgBouncer has ---------------------------------------------------------------

def packaged_version() -> None:
    import subprocess
    import shutil
    binary = shutil.which(EXECUTABLE) or shutil.which(EXECUTABLE, path="/usr/sbin")
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout.splitlines()[0]
    lines = [f"$ pgbouncer --version", version]
    for setting, value in (("max_prepared_statements", 200), ("track_extra_parameters", "search_path")):
        try:
            with pgbouncer(**{setting: value}):
                lines.append(f"{setting} = {value}: accepted")
        except PgBouncerError as refused:
            found = re.search(r"(ERROR unknown parameter: \S+)", str(refused))
            lines.append(f"{setting} = {value}: {found.group(1) if found else refused}")
    # libpq's options parameter (PGOPTIONS), which sets server settings at connection time.
    with pgbouncer() as bouncer:
        try:
            psycopg.connect(bouncer.dsn(DATABASE, options="-c statement_timeout=5s")).close()
            lines.append("a client connecting with options = '-c statement_timeout=5s': accepted")
        except psycopg.OperationalError as refused:
            message = re.search(r"FATAL:\s+(.*)", str(refused))
            lines.append(f"a client connecting with options = '-c statement_timeout=5s': "
                         f"FATAL:  {message.group(1) if message else refused}")
    with pgbouncer(ignore_startup_parameters="options") as bouncer:
        with psycopg.connect(bouncer.dsn(DATABASE, options="-c statement_timeout=5s")) as conn:
            timeout = conn.execute("SHOW statement_timeout").fetchone()[0]
        lines.append(f"the same with ignore_startup_parameters = options: connected, SHOW statement_timeout -> {timeout}")
    show("pgbouncer_version", lines)


# -- why: many clients, few server processes --------------------------------------------------------

def many_clients(clients: int = 150, pool_size: int = 4) -> None:
    lines = [f"{clients} clients through PgBouncer (transaction pooling, default_pool_size = {pool_size}),",
             "each running a 20 ms query at the same moment:"]

    def one_client(bouncer: Bouncer) -> int:
        with client(bouncer) as conn:
            return conn.execute("SELECT pg_backend_pid() FROM pg_sleep(0.02)").fetchone()[0]

    with app_pool(default_pool_size=pool_size) as bouncer:
        configuration = bouncer.configuration()
        with ThreadPoolExecutor(max_workers=clients) as threads:
            pids = list(threads.map(lambda _: one_client(bouncer), range(clients)))
    show("pgbouncer_ini", configuration)
    lines += [f"  queries that succeeded: {len(pids)}",
              f"  PostgreSQL processes that ran them: {len(set(pids))}"]
    with admin() as conn:
        _wait_for_no_sessions(conn)
        max_connections = conn.execute("SHOW max_connections").fetchone()[0]
        superuser_reserved = conn.execute("SHOW superuser_reserved_connections").fetchone()[0]
    with admin() as conn:  # closed again before the clients connect: it only counts
        others = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                              " AND pid <> pg_backend_pid()").fetchone()[0]
    lines += [f"the same clients straight to PostgreSQL (max_connections = {max_connections},"
              f" superuser_reserved_connections = {superuser_reserved}):",
              f"  other sessions open: {others}"]
    opened: list[psycopg.Connection] = []
    try:
        while len(opened) < clients:
            try:
                opened.append(psycopg.connect(user=APP_ROLE, password=APP_PASSWORD, autocommit=True))
            except psycopg.OperationalError as refused:
                message = re.search(r"FATAL:\s+(.*)", str(refused))
                lines += [f"  connections opened: {len(opened)}",
                          f"  connection {len(opened) + 1} refused: FATAL:  {message.group(1) if message else refused}"]
                break
        else:
            lines.append(f"  connections opened: {len(opened)}")
    finally:
        for conn in opened:
            conn.close()
    show("many_clients", lines)


def _wait_for_no_sessions(conn: psycopg.Connection) -> None:
    """PgBouncer closed its server connections; wait until their processes have exited."""
    for _ in range(200):
        if not conn.execute("SELECT count(*) FROM pg_stat_activity WHERE usename = %s", (APP_ROLE,)).fetchone()[0]:
            return
        time.sleep(0.05)
    raise RuntimeError(f"sessions of {APP_ROLE} still open after PgBouncer stopped")


# -- what transaction pooling breaks ----------------------------------------------------------------

def set_search_path() -> None:
    server = Labels()
    lines = []
    with app_pool() as bouncer, client(bouncer) as a, client(bouncer) as b:
        a.execute("SET search_path = tenant_a")
        lines.append(f"client A: SET search_path = tenant_a   ({server(pid(a))})")
        b.execute("SET search_path = tenant_b")
        lines.append(f"client B: SET search_path = tenant_b   ({server(pid(b))})")
        schema, count = a.execute("SELECT current_schema(), count(*) FROM invoices").fetchone()
        lines.append(f"client A: SELECT count(*) FROM invoices -> {count}, from {schema}   ({server(pid(a))})")
        b.execute("BEGIN")
        lines.append(f"client B: BEGIN   (holds {server(pid(b))})")
        where = server(pid(a))
        try:
            a.execute("SELECT count(*) FROM invoices")
        except psycopg.Error as failed:
            lines.append(f"client A: SELECT count(*) FROM invoices -> {error(failed)}   ({where})")
        b.execute("COMMIT")
    show("set_search_path", lines)


def advisory_lock() -> None:
    server = Labels()
    lines = []
    with app_pool() as bouncer, client(bouncer) as a, client(bouncer) as b, admin() as inspector:
        warnings: list[str] = []
        a.add_notice_handler(lambda notice: warnings.append(f"{notice.severity}:  {notice.message_primary}"))
        a.execute("SELECT pg_advisory_lock(42)")
        lines.append(f"client A: SELECT pg_advisory_lock(42) -> locked   ({server(pid(a))})")
        b.execute("BEGIN")
        lines.append(f"client B: BEGIN   (holds {server(pid(b))})")
        unlocked = a.execute("SELECT pg_advisory_unlock(42)").fetchone()[0]
        lines.append(f"client A: SELECT pg_advisory_unlock(42) -> {boolean(unlocked)}   ({server(pid(a))})")
        lines += [f"  {warning}" for warning in warnings]
        b.execute("COMMIT")
        lines.append("client B: COMMIT")
        holders = inspector.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = 42 AND granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").fetchall()
        lines.append("pg_locks: lock 42 held by " + ", ".join(server(holder) for (holder,) in holders))
        with client(bouncer) as c:
            taken = c.execute("SELECT pg_try_advisory_lock(42)").fetchone()[0]
            lines.append(f"client C: SELECT pg_try_advisory_lock(42) -> {boolean(taken)}   ({server(pid(c))})")
    show("advisory_lock", lines)


def listen_notify() -> None:
    server = Labels()
    lines = []
    with app_pool() as bouncer, client(bouncer) as a, admin() as notifier:
        a.execute("LISTEN jobs")
        lines.append(f"client A: LISTEN jobs   ({server(pid(a))})")
        notifier.execute("NOTIFY jobs, 'job 1 is ready'")
        lines.append("another session: NOTIFY jobs, 'job 1 is ready'")
        received = list(a.notifies(timeout=0.5, stop_after=1))
        a.execute("SELECT 1")  # a listening client only reads its socket when it runs something
        received += list(a.notifies(timeout=0.3, stop_after=1))
        lines.append(f"client A: notifications received: {len(received)}")
        dropped = re.findall(r"WARNING .*?(got packet '.' from server when not linked)", bouncer.log())
        lines += [f"PgBouncer's log: WARNING {line}" for line in dropped]
    show("listen_notify", lines)


def sql_prepare() -> None:
    server = Labels()
    lines = []
    with app_pool() as bouncer, client(bouncer) as a, client(bouncer) as b:
        a.execute("PREPARE balance_of(int) AS SELECT balance FROM accounts WHERE id = $1")
        lines.append(f"client A: PREPARE balance_of(int) AS SELECT balance FROM accounts WHERE id = $1   ({server(pid(a))})")
        b.execute("BEGIN")
        lines.append(f"client B: BEGIN   (holds {server(pid(b))})")
        where = server(pid(a))
        try:
            a.execute("EXECUTE balance_of(1)")
        except psycopg.Error as failed:
            lines.append(f"client A: EXECUTE balance_of(1) -> {error(failed)}   ({where})")
        b.execute("COMMIT")
    show("sql_prepare", lines)


BALANCE = "SELECT balance FROM accounts WHERE id = %s"
CREDIT_LIMIT = "SELECT credit_limit FROM accounts WHERE id = %s"


def _run(conn: psycopg.Connection, query: str, times: int) -> list:
    return [conn.execute(query, (1,)).fetchone()[0] for _ in range(times)]


def psycopg_prepared(fixed: bool, name: str) -> None:
    """psycopg prepares a query on its sixth execution (after prepare_threshold = 5) as _pg3_0."""
    server = Labels()
    with app_pool() as bouncer, (pooled_client if fixed else client)(bouncer) as a, client(bouncer) as b:
        lines = [f"psycopg {psycopg.__version__}, prepare_threshold = {a.prepare_threshold}"]
        values = _run(a, BALANCE, 6)
        lines.append(f"client A: {BALANCE} (id = 1), 6 times -> {values[-1]}   ({server(pid(a))})")
        prepared = a.execute("SELECT string_agg(name, ', ') FROM pg_prepared_statements").fetchone()[0]
        lines.append(f"  prepared statements on {server(pid(a))}: {prepared or 'none'}")
        b.execute("BEGIN")
        lines.append(f"client B: BEGIN   (holds {server(pid(b))})")
        where = server(pid(a))
        try:
            lines.append(f"client A: the same query again -> {_run(a, BALANCE, 1)[0]}   ({where})")
        except psycopg.Error as failed:
            lines.append(f"client A: the same query again -> {error(failed)}   ({where})")
        b.execute("COMMIT")
    show(name, lines)


def psycopg_wrong_statement(fixed: bool, name: str) -> None:
    """Two clients' statements share the name _pg3_0 on different server connections."""
    server = Labels()
    connect = pooled_client if fixed else client
    with app_pool() as bouncer, connect(bouncer) as a, connect(bouncer) as b, client(bouncer) as c:
        lines = [f"psycopg {psycopg.__version__}, prepare_threshold = {a.prepare_threshold}"]
        _run(a, BALANCE, 6)
        lines.append(f"client A: {BALANCE} (id = 1), 6 times   ({server(pid(a))})")
        c.execute("BEGIN")
        lines.append(f"client C: BEGIN   (holds {server(pid(c))})")
        _run(b, CREDIT_LIMIT, 6)
        lines.append(f"client B: {CREDIT_LIMIT} (id = 1), 6 times   ({server(pid(b))})")
        where = server(pid(a))
        cursor = a.execute(BALANCE, (1,))
        lines.append(f"client A: {BALANCE} (id = 1) -> {cursor.fetchone()[0]}, "
                     f"column {cursor.description[0].name!r}   ({where})")
        c.execute("COMMIT")
    with admin() as conn:
        balance, limit = conn.execute("SELECT balance, credit_limit FROM accounts WHERE id = 1").fetchone()
    lines.append(f"account 1 in the table: balance {balance}, credit_limit {limit}")
    show(name, lines)


def session_pooling() -> None:
    """The same session features in session mode, and what session mode costs: a server each."""
    server = Labels()
    lines = ["pool_mode = session, default_pool_size = 2, query_wait_timeout = 1"]
    with app_pool("session", query_wait_timeout=1) as bouncer, client(bouncer) as a, client(bouncer) as b:
        a.execute("SET search_path = tenant_a")
        b.execute("SET search_path = tenant_b")
        schema, count = a.execute("SELECT current_schema(), count(*) FROM invoices").fetchone()
        lines.append(f"client A: SET search_path = tenant_a; client B: SET search_path = tenant_b")
        lines.append(f"client A: SELECT count(*) FROM invoices -> {count}, from {schema}   ({server(pid(a))})")
        lines.append(f"client B runs on {server(pid(b))} for as long as it is connected")
        a.execute("RESET search_path")
        a.execute("SELECT pg_advisory_lock(42)")
        lines.append(f"client A: SELECT pg_advisory_lock(42), then pg_advisory_unlock(42) -> "
                     f"{boolean(a.execute('SELECT pg_advisory_unlock(42)').fetchone()[0])}")
        a.execute("LISTEN jobs")
        with admin() as notifier:
            notifier.execute("NOTIFY jobs, 'job 1 is ready'")
        lines.append(f"client A: LISTEN jobs; another session: NOTIFY jobs -> "
                     f"notifications received: {len(list(a.notifies(timeout=1.0, stop_after=1)))}")
        for _ in range(7):
            a.execute(BALANCE, (1,))
        prepared = a.execute("SELECT string_agg(name, ', ') FROM pg_prepared_statements", prepare=False).fetchone()[0]
        lines.append(f"client A: {BALANCE}, 7 times -> ok; prepared on {server(pid(a))}: {prepared}")
        with client(bouncer) as c:
            started = time.monotonic()
            try:
                c.execute("SELECT 1")
                lines.append("client C: SELECT 1 -> ok")
            except psycopg.Error as failed:
                waited = "about 1 s" if 0.5 < time.monotonic() - started < 10 else f"{time.monotonic() - started:.1f} s"
                message = re.search(r"(query_wait_timeout)", str(failed))
                lines.append(f"client C: SELECT 1 -> waited {waited} for a server connection, then: "
                             f"ERROR:  {message.group(1) if message else failed}")
    show("session_pooling", lines)


def role_settings() -> None:
    """Settings that must hold on every server connection belong to the role, not to SET."""
    server = Labels()
    lines = []
    with admin() as conn:
        conn.execute(sql.SQL("ALTER ROLE {} SET statement_timeout = '250ms'").format(sql.Identifier(APP_ROLE)))
    lines.append(f"ALTER ROLE {APP_ROLE} SET statement_timeout = '250ms'")
    with app_pool() as bouncer, client(bouncer) as a, client(bouncer) as b:
        b.execute("BEGIN")
        lines.append(f"client B: BEGIN   (holds {server(pid(b))})")
        lines.append(f"client B: SHOW statement_timeout -> {b.execute('SHOW statement_timeout').fetchone()[0]}"
                     f"   ({server(pid(b))})")
        where = server(pid(a))
        lines.append(f"client A: SHOW statement_timeout -> {a.execute('SHOW statement_timeout').fetchone()[0]}   ({where})")
        try:
            a.execute("SELECT pg_sleep(1)")
        except psycopg.Error as failed:
            lines.append(f"client A: SELECT pg_sleep(1) -> {error(failed)}   ({where})")
        b.execute("COMMIT")
        with a.transaction():
            a.execute("SET LOCAL statement_timeout = '2s'")
            a.execute("SELECT pg_sleep(0.3)")
        lines.append("client A: BEGIN; SET LOCAL statement_timeout = '2s'; SELECT pg_sleep(0.3); COMMIT -> ok")
        lines.append(f"client A: SHOW statement_timeout -> {a.execute('SHOW statement_timeout').fetchone()[0]}")
    show("role_settings", lines)


def main() -> None:
    packaged_version()
    with app_role():
        many_clients()
        set_search_path()
        advisory_lock()
        listen_notify()
        sql_prepare()
        psycopg_prepared(False, "psycopg_prepared")
        psycopg_prepared(True, "psycopg_prepared_fixed")
        psycopg_wrong_statement(False, "psycopg_wrong_statement")
        psycopg_wrong_statement(True, "psycopg_wrong_statement_fixed")
        session_pooling()
        role_settings()


if __name__ == "__main__":
    main()

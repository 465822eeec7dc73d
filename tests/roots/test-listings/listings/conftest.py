"""The PostgreSQL 18 fixtures (`pg_dsn`, `pg_conn`), as in the book's listings/conftest.py.

The server is the one `make listings` starts for the whole run (a post folder asks for it with
`services = ["postgresql"]` in its records.toml); it arrives in libpq's standard variables (PGHOST,
PGPORT, PGUSER, PGPASSWORD, PGDATABASE), which is all these fixtures use. Each test gets a new
database, dropped after it. A folder's own conftest.py may override `pg_template` to have each
test's database copied from a database it loaded once (`pg_databases` creates that one).
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

_numbers = itertools.count()


@pytest.fixture(scope="session")
def pg_admin() -> str:
    """The connection string of the server's maintenance database (from the PG* variables)."""
    missing = [name for name in ("PGHOST", "PGPORT") if not os.environ.get(name)]
    if missing:
        pytest.fail(
            f"this test needs PostgreSQL 18, and {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: "
            f"run it through `make listings` (which starts the server), or set PGHOST, PGPORT, PGUSER and PGPASSWORD",
            pytrace=False,
        )
    return make_conninfo("")


class Databases:
    """Creates and drops databases on the server, as its superuser."""

    def __init__(self, admin: str) -> None:
        self.admin = admin

    def create(self, hint: str, template: str | None = None) -> str:
        """A new database named after ``hint`` (made unique), copied from ``template`` if given."""
        stem = re.sub(r"[^a-z0-9_]+", "_", hint.lower()).strip("_")[:40] or "test"
        name = f"{stem}_{os.getpid()}_{next(_numbers)}"
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {} STRATEGY FILE_COPY").format(sql.Identifier(template))
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(statement)
        return name

    def drop(self, name: str) -> None:
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def dsn(self, name: str) -> str:
        return make_conninfo(self.admin, dbname=name)


@pytest.fixture(scope="session")
def pg_databases(pg_admin: str) -> Databases:
    return Databases(pg_admin)


@pytest.fixture
def pg_template() -> str | None:
    """The database each test's database is copied from; None: an empty one."""
    return None


@pytest.fixture
def pg_dsn(pg_databases: Databases, pg_template: str | None, request: pytest.FixtureRequest) -> Iterator[str]:
    """The libpq connection string of a fresh database for this test."""
    name = pg_databases.create(request.node.name, pg_template)
    yield pg_databases.dsn(name)
    pg_databases.drop(name)


@pytest.fixture
def pg_conn(pg_dsn: str) -> Iterator[psycopg.Connection]:
    """A psycopg 3 connection to the test's fresh database, in autocommit mode."""
    with psycopg.connect(pg_dsn, autocommit=True) as connection:
        yield connection

"""pytest fixtures that give each SQL listing test a fresh database on a real PostgreSQL 18.

One server per test session, started the first time a test asks for it (tests that never touch
PostgreSQL never start it); one new database per test, dropped after it.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from tools.listings.postgres18 import PostgresError, Server, postgres18


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """The session's PostgreSQL 18 server (see tools/listings/postgres18.py)."""
    try:
        with postgres18() as server:
            yield server
    except PostgresError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture
def pg_dsn(pg_server: Server, request: pytest.FixtureRequest) -> Iterator[str]:
    """The libpq connection string of a fresh, empty database for this test."""
    name = pg_server.create_database(request.node.name)
    yield pg_server.dsn(name)
    pg_server.drop_database(name)


@pytest.fixture
def pg_conn(pg_dsn: str) -> Iterator[psycopg.Connection]:
    """A psycopg 3 connection to the test's fresh database, in autocommit mode."""
    with psycopg.connect(pg_dsn, autocommit=True) as connection:
        yield connection

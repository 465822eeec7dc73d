"""The `shop` fixture: each test gets a fresh database with the chapter's data loaded.

The shop is loaded once per test session into a template database (three seconds for a million
orders); each test's database is a file copy of it (a fraction of a second), so every test starts
from the same shop as loaded: analyzed, never vacuumed, no secondary index.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from shop_data import load_shop


@pytest.fixture(scope="session")
def shop_template(pg_databases) -> Iterator[str]:
    name = pg_databases.create("shop_template")
    with psycopg.connect(pg_databases.dsn(name), autocommit=True) as conn:
        load_shop(conn)
    yield name
    pg_databases.drop(name)


@pytest.fixture
def pg_template(shop_template: str) -> str:
    return shop_template


@pytest.fixture
def shop(pg_conn: psycopg.Connection) -> psycopg.Connection:
    """A fresh database with the chapter's million orders, analyzed, no secondary index."""
    return pg_conn

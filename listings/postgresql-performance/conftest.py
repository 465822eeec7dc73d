"""The `shop` fixture: each test gets a fresh database with the chapter's data loaded."""

from __future__ import annotations

import psycopg
import pytest

from shop_data import load_shop


@pytest.fixture
def shop(pg_conn: psycopg.Connection) -> psycopg.Connection:
    """A fresh database with the chapter's million orders, analyzed, no secondary index."""
    load_shop(pg_conn)
    return pg_conn

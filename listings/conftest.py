"""Fixtures for every listing's tests: `pg_dsn` and `pg_conn`, a fresh database on PostgreSQL 18.

The server code lives in tools/listings/ so that the test book under tests/roots/ shares it.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tools.listings

from tools.listings.fixtures import pg_conn, pg_dsn, pg_server  # noqa: E402,F401  (fixtures)

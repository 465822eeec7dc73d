"""The PostgreSQL 18 fixtures (`pg_dsn`, `pg_conn`), as in the book's listings/conftest.py.

The listings runner puts the repository on PYTHONPATH, where tools.listings lives.
"""

from tools.listings.fixtures import pg_conn, pg_dsn, pg_server  # noqa: F401  (fixtures)

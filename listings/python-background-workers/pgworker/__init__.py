"""A PostgreSQL-backed background worker for Python 3.11 (asyncio and psycopg 3)."""

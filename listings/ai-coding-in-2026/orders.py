"""Look up a customer's orders with the e-mail address as a bound parameter."""

import psycopg
from psycopg import sql

# ANCHOR: fixed
# The columns a caller may sort by. A bound parameter can only carry a value, never a
# column name, so the name comes from this allow-list and is quoted as an identifier.
SORTABLE = {"placed_at", "total_cents"}


def orders_for(conn: psycopg.Connection, email: str, sort: str = "placed_at") -> list[tuple]:
    """The orders of the customer with this e-mail address, sorted by the column `sort`."""
    if sort not in SORTABLE:
        raise ValueError(f"sort: expected one of {sorted(SORTABLE)}, found {sort!r}")
    query = sql.SQL("SELECT id, total_cents FROM orders WHERE email = %s ORDER BY {}").format(
        sql.Identifier(sort)
    )
    return conn.execute(query, (email,)).fetchall()
# ANCHOR_END: fixed

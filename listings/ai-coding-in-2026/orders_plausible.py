"""The plausible version of orders_for: SQL built by string formatting."""

import psycopg


# ANCHOR: plausible
def orders_for(conn: psycopg.Connection, email: str, sort: str = "placed_at") -> list[tuple]:
    """The orders of the customer with this e-mail address, sorted by the column `sort`."""
    query = f"SELECT id, total_cents FROM orders WHERE email = '{email}' ORDER BY {sort}"
    return conn.execute(query).fetchall()
# ANCHOR_END: plausible

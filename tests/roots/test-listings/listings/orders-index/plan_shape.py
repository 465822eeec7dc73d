"""Prints the shape of the plan of latest_orders.sql: one line per node, indented under its
parent, without costs or timings (connects with libpq's PG* variables to an empty database)."""

from pathlib import Path

import psycopg

HERE = Path(__file__).parent


def plan_shape(plan: dict, depth: int = 0) -> str:
    """Render the ``Plan`` object of ``EXPLAIN (FORMAT JSON)`` as an indented tree of node names."""
    name = plan["Node Type"]
    if plan.get("Scan Direction") == "Backward":
        name += " Backward"
    if "Index Name" in plan:
        name += f" using {plan['Index Name']}"
    if "Relation Name" in plan:
        name += f" on {plan['Relation Name']}"
    lines = ["  " * depth + name]
    lines += [plan_shape(child, depth + 1) for child in plan.get("Plans", [])]
    return "\n".join(lines)


if __name__ == "__main__":
    with psycopg.connect(autocommit=True) as conn:
        conn.execute((HERE / "schema.sql").read_text())
        conn.execute("VACUUM (ANALYZE) orders")  # statistics, and a visibility map for the index alone
        query = (HERE / "latest_orders.sql").read_text()
        print(plan_shape(conn.execute(f"EXPLAIN (FORMAT JSON) {query}").fetchone()[0][0]["Plan"]))

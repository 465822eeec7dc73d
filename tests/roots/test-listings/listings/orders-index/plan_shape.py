"""The shape of a PostgreSQL plan: one line per node, indented under its parent, without costs."""


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

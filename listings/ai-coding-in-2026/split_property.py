"""The property every split of a range of IDs must have, and the inputs to check it on."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st

# ANCHOR: property
# Deterministic runs: the same examples in CI as on a laptop, and no example database on disk.
REPRODUCIBLE = settings(derandomize=True, database=None, max_examples=500)


def violations(lo: int, hi: int, parts: int, bounds: list[tuple[int, int]]) -> list[str]:
    """What is wrong with `bounds` as a split of lo <= id < hi into `parts` ranges."""
    found = []
    if len(bounds) != parts:
        found.append(f"{len(bounds)} ranges for {parts} workers")
    if bounds and (bounds[0][0] != lo or bounds[-1][1] != hi):
        found.append(f"the ranges cover {bounds[0][0]}..{bounds[-1][1]}, not {lo}..{hi}")
    if any(a[1] != b[0] for a, b in zip(bounds, bounds[1:])):
        found.append("a gap or an overlap between neighbouring ranges")
    sizes = [end - start for start, end in bounds]
    if sizes and (min(sizes) < 0 or max(sizes) - min(sizes) > 1):
        found.append(f"unbalanced sizes {sizes}")
    return found


ids_and_workers = st.tuples(
    st.integers(min_value=0, max_value=10**9),  # lo
    st.integers(min_value=0, max_value=10**5),  # how many IDs
    st.integers(min_value=1, max_value=64),  # parts
)
# ANCHOR_END: property

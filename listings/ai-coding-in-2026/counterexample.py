"""Let Hypothesis look for an input that breaks the plausible split_range, and print what it finds.

The record split_range_counterexample is this script's output; records.toml states the claims the
post makes about it.
"""

import shutil
import tempfile

from hypothesis import configuration, find

import ranges_plausible
from split_property import REPRODUCIBLE, ids_and_workers, violations


# ANCHOR: find
def broken(case: tuple[int, int, int]) -> bool:
    lo, count, parts = case
    return bool(violations(lo, lo + count, parts, ranges_plausible.split_range(lo, lo + count, parts)))


def print_counterexample() -> None:
    lo, count, parts = find(ids_and_workers, broken, settings=REPRODUCIBLE)
    bounds = ranges_plausible.split_range(lo, lo + count, parts)
    print(f"counterexample: split_range({lo}, {lo + count}, {parts})")
    print(f"returned: {bounds}")
    for violation in violations(lo, lo + count, parts, bounds):
        print(f"violation: {violation}")
# ANCHOR_END: find


if __name__ == "__main__":
    home = tempfile.mkdtemp(prefix="hypothesis-")  # Hypothesis's own files stay out of the checkout
    try:
        configuration.set_hypothesis_home_dir(home)
        print_counterexample()
        # The same bug at a realistic size: the IDs past the last range are never processed.
        last_end = ranges_plausible.split_range(0, 1_000_003, 4)[-1][1]
        print(f"split_range(0, 1000003, 4) leaves {1_000_003 - last_end} IDs to no worker")
    finally:
        shutil.rmtree(home, ignore_errors=True)

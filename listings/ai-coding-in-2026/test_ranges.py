"""split_range in two versions: the example tests pass both; the property holds for the fixed one.

What the property finds in the plausible version is the record split_range_counterexample
(counterexample.py).
"""

from __future__ import annotations

import pytest
from hypothesis import given

import ranges
import ranges_plausible
from split_property import REPRODUCIBLE, ids_and_workers, violations

VERSIONS = [ranges.split_range, ranges_plausible.split_range]


# ANCHOR: examples
@pytest.mark.parametrize("split_range", VERSIONS, ids=["fixed", "plausible"])
def test_round_numbers(split_range):
    assert split_range(0, 1000, 4) == [(0, 250), (250, 500), (500, 750), (750, 1000)]
    assert split_range(5000, 6000, 10)[-1] == (5900, 6000)
# ANCHOR_END: examples


# ANCHOR: property-test
@given(ids_and_workers)
@REPRODUCIBLE
def test_fixed_version_has_the_property(case):
    lo, count, parts = case
    assert violations(lo, lo + count, parts, ranges.split_range(lo, lo + count, parts)) == []
# ANCHOR_END: property-test


def test_fixed_version_rejects_nonsense():
    with pytest.raises(ValueError, match="expected parts >= 1"):
        ranges.split_range(0, 10, 0)

"""Latency percentiles by the nearest-rank method: every result is a value that was measured."""

import math
from collections.abc import Sequence


def nearest_rank(samples: Sequence[float], percent: float) -> float:
    """The smallest sample that at least ``percent`` per cent of the samples do not exceed."""
    if not samples:
        raise ValueError("no samples: a percentile of nothing is undefined")
    if not 0 < percent <= 100:
        raise ValueError(f"percent must be in (0, 100], got {percent}")
    ordered = sorted(samples)
    rank = math.ceil(percent / 100 * len(ordered))  # 1-based
    return ordered[rank - 1]

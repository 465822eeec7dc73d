"""Retry delays: capped exponential backoff with full jitter."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


# ANCHOR: policy
@dataclass(frozen=True)
class RetryPolicy:
    """How long a failed job waits before its next attempt.

    The ceiling doubles with every failed attempt, starting at `base` seconds and never
    exceeding `cap`; the delay is drawn uniformly below the ceiling ("full jitter"), so
    jobs that failed together do not come back together.
    """

    base: float = 1.0
    cap: float = 300.0

    def __post_init__(self) -> None:
        if not 0 < self.base <= self.cap:
            raise ValueError(f"RetryPolicy needs 0 < base <= cap, got base={self.base}, cap={self.cap}")

    def ceiling(self, attempt: int) -> float:
        """The largest delay after failed attempt number `attempt` (1 for the first)."""
        if attempt < 1:
            raise ValueError(f"attempt numbers start at 1, got {attempt}")
        doublings = attempt - 1
        # Compare exponents, not values: 2 ** 2000 does not fit in a float.
        if doublings >= math.log2(self.cap / self.base):
            return self.cap
        return self.base * 2**doublings

    def delay(self, attempt: int, rand: Callable[[], float]) -> float:
        """A delay in [0, ceiling); `rand` returns a float in [0, 1), like random.random."""
        return self.ceiling(attempt) * rand()
# ANCHOR_END: policy

import random
from collections import Counter

import pytest

from pgworker.backoff import RetryPolicy


def test_ceiling_doubles_from_base_until_the_cap():
    policy = RetryPolicy(base=1.0, cap=300.0)
    assert [policy.ceiling(n) for n in range(1, 12)] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]


def test_delay_is_the_ceiling_scaled_by_the_random_draw():
    policy = RetryPolicy(base=0.5, cap=60.0)
    assert [policy.delay(n, lambda: 0.5) for n in (1, 2, 3)] == [0.25, 0.5, 1.0]
    assert policy.delay(4, lambda: 0.0) == 0.0


def test_huge_attempt_numbers_stay_at_the_cap():
    assert RetryPolicy(base=1.0, cap=300.0).ceiling(5000) == 300.0


def test_every_delay_is_below_its_ceiling():
    policy = RetryPolicy(base=1.0, cap=300.0)
    rand = random.Random(1).random
    for attempt in range(1, 30):
        for _ in range(200):
            assert 0.0 <= policy.delay(attempt, rand) < policy.ceiling(attempt)


def test_jitter_spreads_jobs_that_failed_together():
    """1,000 jobs fail at once on their 4th attempt (ceiling 8 s): how many retry in the same second?"""
    policy = RetryPolicy(base=1.0, cap=300.0)
    rand = random.Random(7).random
    per_second = Counter(int(policy.delay(4, rand)) for _ in range(1000))
    assert sorted(per_second) == list(range(8))  # every second of the window gets some
    assert max(per_second.values()) < 200  # uniform would be 125 per second
    without_jitter = Counter(int(policy.ceiling(4)) for _ in range(1000))
    assert max(without_jitter.values()) == 1000  # all at once, again


@pytest.mark.parametrize("base, cap", [(0.0, 10.0), (-1.0, 10.0), (10.0, 5.0)])
def test_invalid_policies_are_rejected(base, cap):
    with pytest.raises(ValueError, match="0 < base <= cap"):
        RetryPolicy(base=base, cap=cap)


def test_attempts_are_numbered_from_one():
    with pytest.raises(ValueError, match="start at 1, got 0"):
        RetryPolicy().ceiling(0)

"""psi() on distributions whose answer is known."""

from __future__ import annotations

import math

import numpy as np

from drift import psi

def test_identical_samples_score_zero():
    x = np.random.default_rng(1).normal(size=10_000)
    assert psi(x, x) == 0.0


def test_a_known_shift():
    # Reference evenly spread over [0, 1): its deciles are 0.1 wide. Live: evenly spread over
    # the top half, so each of the top five bins holds 0.2 and the bottom five hold the floor.
    n = 100_000
    reference = (np.arange(n) + 0.5) / n
    live = 0.5 + 0.5 * (np.arange(n) + 0.5) / n
    expected = 5 * (0.2 - 0.1) * math.log(0.2 / 0.1) + 5 * (1e-4 - 0.1) * math.log(1e-4 / 0.1)
    assert abs(psi(reference, live) - expected) < 1e-6


def test_psi_grows_with_the_shift():
    rng = np.random.default_rng(3)
    reference = rng.normal(size=50_000)
    values = [psi(reference, rng.normal(loc=shift, size=50_000)) for shift in (0.0, 0.2, 0.5, 1.0)]
    assert values == sorted(values)
    assert values[0] < 0.01 < values[1]

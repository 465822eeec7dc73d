"""The micro-batcher under a scripted arrival pattern."""

from __future__ import annotations

import time

import numpy as np
import pytest

from batcher import MicroBatcher
from fraudmodel import train
from registry import Registry


class CountingModel:
    version = "counting"

    def predict(self, rows: np.ndarray) -> np.ndarray:
        return rows[:, 0] / 1000.0


def test_a_burst_fills_batches_up_to_max_batch():
    batcher = MicroBatcher(Registry(CountingModel()), max_batch=8, max_wait=0.5)
    futures = [batcher.submit([float(i), 0.0, 1.0]) for i in range(20)]
    results = [f.result(timeout=10) for f in futures]
    batcher.close()
    assert [r.score for r in results] == [i / 1000.0 for i in range(20)]
    # 20 rows at once: two full batches, then the rest once max_wait has passed.
    assert batcher.batch_sizes == [8, 8, 4]


def test_a_lone_request_waits_max_wait_and_no_longer():
    batcher = MicroBatcher(Registry(CountingModel()), max_batch=8, max_wait=0.2)
    started = time.monotonic()
    result = batcher.submit([1.0, 0.0, 1.0]).result(timeout=10)
    waited = time.monotonic() - started
    batcher.close()
    assert result.batch_size == 1
    assert 0.2 <= waited < 1.5  # the cost of batching when nobody else is asking


def test_a_cancelled_request_is_skipped():
    batcher = MicroBatcher(Registry(CountingModel()), max_batch=8, max_wait=0.3)
    gave_up = batcher.submit([1.0, 0.0, 1.0])
    kept = batcher.submit([2.0, 0.0, 1.0])
    assert gave_up.cancel()
    assert kept.result(timeout=10).batch_size == 1
    batcher.close()
    assert batcher.batch_sizes == [1]


# ANCHOR: bad_row
def test_one_bad_row_does_not_fail_its_batch():
    # The real pipeline: its logistic regression raises "Input X contains NaN."
    batcher = MicroBatcher(Registry(train("fraud-2026-12-01", seed=2, n=5_000)),
                           max_batch=8, max_wait=0.5)
    rows = [[25.0, 10.0, 1.0], [float("nan"), 10.0, 1.0], [900.0, 3.0, 2.0]]
    futures = [batcher.submit(row) for row in rows]  # together: one batch
    good_first, bad, good_last = futures
    assert 0.0 <= good_first.result(timeout=10).score <= 1.0
    assert 0.0 <= good_last.result(timeout=10).score <= 1.0
    with pytest.raises(ValueError, match="NaN"):
        bad.result(timeout=10)
    # The batch failed as a whole, then its rows were scored one by one.
    assert good_first.result().batch_size == 1 and batcher.batch_sizes == []
    batcher.close()
# ANCHOR_END: bad_row

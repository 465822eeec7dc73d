"""Micro-batching: requests wait a little for each other so the model runs once per batch."""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np

from registry import Registry


@dataclass(frozen=True)
class Scored:
    score: float
    version: str
    batch_size: int


# ANCHOR: batcher
class MicroBatcher:
    """One thread runs the model; callers get a Future for their row.

    A batch closes when it holds max_batch rows or when max_wait has passed since the
    thread took its first row from the queue, whichever comes first. max_batch=1 serves
    row by row. The thread is this queue's executor: it alone completes the Futures.
    """

    def __init__(self, registry: Registry, max_batch: int, max_wait: float) -> None:
        self._registry = registry
        self._max_batch = max_batch
        self._max_wait = max_wait
        self._queue: queue.Queue = queue.Queue()
        self.batch_sizes: list[int] = []
        self._thread = threading.Thread(target=self._run, name="batcher", daemon=True)
        self._thread.start()

    def submit(self, row: list[float]) -> Future:
        # The docs reserve Future() and set_result() for Executor implementations; this
        # class is one in all but name (submit a row, get a Future, one worker thread).
        future: Future = Future()
        self._queue.put((row, future))
        return future

    def close(self) -> None:
        self._queue.put(None)

    def _collect(self, first) -> list:
        batch = [first]
        deadline = time.monotonic() + self._max_wait
        while len(batch) < self._max_batch:
            try:
                item = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if item is None:
                self._queue.put(None)  # stop after this batch
                break
            batch.append(item)
        return batch

    def _run(self) -> None:
        while (first := self._queue.get()) is not None:
            # A caller that gave up (its budget ran out) cancelled its Future: skip its row.
            batch = [(row, f) for row, f in self._collect(first)
                     if f.set_running_or_notify_cancel()]
            if not batch:
                continue
            artifact = self._registry.live()  # the whole batch is scored by one version
            try:
                scores = artifact.predict(np.array([row for row, _ in batch], dtype=float))
            except Exception:  # the model raised: on one bad row, or on every row?
                self._one_by_one(artifact, batch)
                continue
            self.batch_sizes.append(len(batch))
            for (_, f), score in zip(batch, scores):
                f.set_result(Scored(float(score), artifact.version, len(batch)))

    def _one_by_one(self, artifact, batch: list) -> None:
        """Score a failed batch row by row, so one bad row fails alone and the thread lives on."""
        for row, f in batch:
            try:
                score = artifact.predict(np.array([row], dtype=float))[0]
            except Exception as exc:
                f.set_exception(exc)
            else:
                f.set_result(Scored(float(score), artifact.version, 1))
# ANCHOR_END: batcher

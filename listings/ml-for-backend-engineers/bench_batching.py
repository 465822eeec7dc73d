"""Per-request against micro-batched scoring: the model alone, then through the HTTP API."""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time

import numpy as np

from batcher import MicroBatcher
from client import Client
from fraudmodel import make_checkouts, train
from registry import Registry
import server


def model_rows_per_s(artifact, rows: np.ndarray, batch: int) -> float:
    started = time.perf_counter()
    for i in range(0, len(rows), batch):
        artifact.predict(rows[i:i + batch])
    return len(rows) / (time.perf_counter() - started)


# ANCHOR: http_bench
def http_run(artifact, rows, clients: int, per_client: int, max_batch: int, max_wait: float,
             handler=None):
    """Requests per second and the median latency, with `clients` keep-alive clients."""
    batcher = MicroBatcher(Registry(artifact), max_batch, max_wait)
    srv = server.start(batcher, budget=5.0, handler=handler)
    latencies: list[float] = []
    errors: list[BaseException] = []

    def loop(offset: int) -> None:
        client = Client(srv.server_address[1])
        try:
            for i in range(per_client):
                amount, age, items = rows[(offset + i) % len(rows)]
                started = time.perf_counter()
                status, body = client.score(
                    {"amount_eur": amount, "account_age_days": age, "items": items})
                latencies.append(time.perf_counter() - started)
                assert status == 200 and body["source"] == "model", body
        except BaseException as exc:  # a thread's exception would otherwise only be printed
            errors.append(exc)
        finally:
            client.close()

    threads = [threading.Thread(target=loop, args=(c * per_client,)) for c in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    srv.shutdown()
    srv.server_close()
    batcher.close()
    if errors:  # a figure is only reported when every request was answered by the model
        raise RuntimeError(f"{len(errors)} of {clients} clients failed") from errors[0]
    assert len(latencies) == clients * per_client
    mean_batch = statistics.mean(batcher.batch_sizes)
    return clients * per_client / elapsed, statistics.median(latencies), mean_batch
# ANCHOR_END: http_bench


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000)
    parser.add_argument("--model-rows", type=int, default=1_000, help="scored one by one")
    parser.add_argument("--requests", type=int, default=150, help="per client")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    artifact = train("fraud-2026-12-01", seed=2, n=5_000)
    rows, _ = make_checkouts(args.rows, seed=5)
    print(f"load average before: {os.getloadavg()[0]:.2f}, cores: {os.cpu_count()}")

    for batch in (1, 32):
        best = max(model_rows_per_s(artifact, rows[:args.model_rows], batch) for _ in range(args.repeat))
        print(f"model only, batches of {batch:>2}: {best:.0f} rows/s (best of {args.repeat})")

    setups = [("16 clients, per-request", 16, 1, 0.0),
              ("16 clients, micro-batched", 16, 32, 0.002),
              ("1 client, per-request", 1, 1, 0.0),
              ("1 client, micro-batched", 1, 32, 0.005)]
    for name, clients, max_batch, max_wait in setups:
        per_client = args.requests if clients > 1 else args.requests * 2
        runs = [http_run(artifact, rows, clients, per_client, max_batch, max_wait)
                for _ in range(args.repeat)]
        best = max(runs, key=lambda r: r[0])
        print(f"{name}: {best[0]:.0f} requests/s, median latency {best[1] * 1000:.1f} ms, "
              f"mean batch {best[2]:.1f} (best of {args.repeat})")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

"""A short session with the scoring API: two versions, a hot swap, then a stalled model."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import numpy as np

from batcher import MicroBatcher
from client import Client
from fraudmodel import save, train
from registry import Registry
import server

CHECKOUTS = [
    {"amount_eur": 24.9, "account_age_days": 812, "items": 1},
    {"amount_eur": 1450.0, "account_age_days": 2, "items": 6},
]


class StalledModel:
    version = "fraud-2026-12-01"

    def predict(self, rows):
        time.sleep(1.0)
        return np.zeros(len(rows))


def show(client: Client, checkout: dict) -> None:
    status, body = client.score(checkout)
    print(f"POST /score {json.dumps(checkout)}")
    print(f"  {status} {json.dumps(body)}")


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    manifest = {}
    for version, seed in (("fraud-2026-11-01", 1), ("fraud-2026-12-01", 2)):
        path = folder / f"{version}.joblib"
        manifest[version] = (path, save(train(version, seed, n=5_000), path))

    registry = Registry(train("bootstrap", 0, n=500))
    registry.load(*manifest["fraud-2026-11-01"])
    batcher = MicroBatcher(registry, max_batch=32, max_wait=0.002)
    srv = server.start(batcher, budget=2.0)
    client = Client(srv.server_address[1])
    print("== serving fraud-2026-11-01 ==")
    for checkout in CHECKOUTS:
        show(client, checkout)
    registry.load(*manifest["fraud-2026-12-01"])
    print("== after loading fraud-2026-12-01 ==")
    for checkout in CHECKOUTS:
        show(client, checkout)
    registry._live = StalledModel()  # what a stall looks like from outside
    srv.budget = 0.25
    print("== model stalled, budget 250 ms ==")
    show(client, CHECKOUTS[1])
    client.close()
    srv.shutdown()
    srv.server_close()
    batcher.close()


if __name__ == "__main__":
    main()

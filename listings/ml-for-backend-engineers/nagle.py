"""Nagle's algorithm and a response written in two sends: the same server, three handlers."""

from __future__ import annotations

import argparse
import os
import threading

from bench_batching import http_run
from client import Client
from fraudmodel import make_checkouts, train
from registry import Registry
from batcher import MicroBatcher
import server


# ANCHOR: handlers
class NagleOn(server.Handler):
    """The chapter's handler as BaseHTTPRequestHandler ships it: no TCP_NODELAY."""

    disable_nagle_algorithm = False


class NagleOnOneWrite(NagleOn):
    """Still no TCP_NODELAY, but headers and body collect in a buffer and leave in one send:
    BaseHTTPRequestHandler flushes wfile once at the end of every request."""

    wbufsize = 64 * 1024
# ANCHOR_END: handlers


class CountingWriter:
    """Wraps the handler's unbuffered wfile, where every write() is one sendall()."""

    writes = 0
    lock = threading.Lock()

    def __init__(self, inner) -> None:
        self._inner = inner

    def write(self, data: bytes) -> int:
        with CountingWriter.lock:
            CountingWriter.writes += 1
        return self._inner.write(data)

    def __getattr__(self, name):  # flush, closed, ...: as the wrapped writer
        return getattr(self._inner, name)


class Counted(server.Handler):
    def setup(self) -> None:
        super().setup()
        self.wfile = CountingWriter(self.wfile)


def writes_per_response(artifact, requests: int = 5) -> float:
    batcher = MicroBatcher(Registry(artifact), 1, 0.0)
    srv = server.start(batcher, budget=5.0, handler=Counted)
    client = Client(srv.server_address[1])
    for _ in range(requests):
        client.score({"amount_eur": 25.0, "account_age_days": 10.0, "items": 1.0})
    client.close()
    srv.shutdown()
    srv.server_close()
    batcher.close()
    return CountingWriter.writes / requests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40, help="per client")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    artifact = train("fraud-2026-12-01", seed=2, n=5_000)
    rows, _ = make_checkouts(500, seed=5)
    print(f"load average before: {os.getloadavg()[0]:.2f}, cores: {os.cpu_count()}")
    print(f"writes per response, BaseHTTPRequestHandler: {writes_per_response(artifact):.0f}")
    setups = [
        ("1 client, TCP_NODELAY", 1, 1, 0.0, server.Handler),
        ("1 client, Nagle on", 1, 1, 0.0, NagleOn),
        ("1 client, Nagle on, one write", 1, 1, 0.0, NagleOnOneWrite),
        ("16 clients batched, TCP_NODELAY", 16, 32, 0.002, server.Handler),
        ("16 clients batched, Nagle on", 16, 32, 0.002, NagleOn),
    ]
    http_run(artifact, rows, 4, 10, 32, 0.002)  # warm-up, not reported
    for name, clients, max_batch, max_wait, handler in setups:
        per_client = args.requests if clients == 1 else max(args.requests // 2, 5)
        runs = [http_run(artifact, rows, clients, per_client, max_batch, max_wait, handler)
                for _ in range(args.repeat)]
        rps = max(r[0] for r in runs)
        median_ms = min(r[1] for r in runs) * 1000
        print(f"{name}: {rps:.0f} requests/s, median latency {median_ms:.1f} ms "
              f"(best of {args.repeat})")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

"""The scoring API: POST /score with a checkout, get a fraud score within a latency budget."""

from __future__ import annotations

import json
import math
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from batcher import MicroBatcher
from fraudmodel import FEATURES

FALLBACK_VERSION = "rules-1"
REVIEW_THRESHOLD = 0.5


# ANCHOR: fallback
def fallback(checkout: dict) -> dict:
    """The rule the business ran before the model: cheap, explainable, never slow."""
    risky = checkout["amount_eur"] > 500 and checkout["account_age_days"] < 30
    return {"decision": "review" if risky else "allow", "score": None,
            "model_version": FALLBACK_VERSION, "source": "fallback"}
# ANCHOR_END: fallback


class ScoringServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver listens with a backlog of 5. Sixteen clients connecting at once then
    # overflow it: connections stall for about a second, and some are reset.
    request_queue_size = 64

    def __init__(self, address, batcher: MicroBatcher, budget: float, handler=None) -> None:
        super().__init__(address, handler or Handler)
        self.batcher = batcher
        self.budget = budget
        self.fallbacks = 0
        self._count_lock = threading.Lock()

    def count_fallback(self) -> None:
        with self._count_lock:  # handlers run on many threads; += alone could lose counts
            self.fallbacks += 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: clients reuse their connection
    # Headers and body leave in two writes; without TCP_NODELAY, Nagle's algorithm holds the
    # body until the client's delayed ACK, about 40 ms on Linux, on every response.
    disable_nagle_algorithm = True
    server: ScoringServer

    # ANCHOR: handler
    def do_POST(self) -> None:
        deadline = time.monotonic() + self.server.budget
        if self.path != "/score":
            return self._send(404, {"error": "not found"})
        try:
            checkout = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            row = [float(checkout[name]) for name in FEATURES]
            if not all(math.isfinite(v) and v >= 0 for v in row):  # json accepts NaN, Infinity
                raise ValueError("every field must be a finite number >= 0")
        except (ValueError, KeyError, TypeError) as exc:
            return self._send(400, {"error": f"bad checkout: {exc!r}"})
        future = self.server.batcher.submit(row)
        try:
            scored = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            future.cancel()  # the batcher skips it if it has not started yet
            self.server.count_fallback()
            return self._send(200, fallback(checkout))
        except Exception:  # the model raised: the fallback answers, the error is counted
            self.server.count_fallback()
            return self._send(200, fallback(checkout))
        decision = "review" if scored.score >= REVIEW_THRESHOLD else "allow"
        self._send(200, {"decision": decision, "score": round(scored.score, 4),
                         "model_version": scored.version, "source": "model",
                         "batch_size": scored.batch_size})
    # ANCHOR_END: handler

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args) -> None:  # quiet: the tests count, they do not read logs
        pass


def start(batcher: MicroBatcher, budget: float, handler=None) -> ScoringServer:
    """A server on a free port of 127.0.0.1, serving from a background thread."""
    server = ScoringServer(("127.0.0.1", 0), batcher, budget, handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     name="http", daemon=True).start()
    return server

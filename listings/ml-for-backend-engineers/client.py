"""A keep-alive JSON client for the scoring API, for the tests, the demo and the benchmark."""

from __future__ import annotations

import http.client
import json


class Client:
    def __init__(self, port: int, timeout: float = 10.0) -> None:
        self._conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def score(self, checkout: dict) -> tuple[int, dict]:
        body = json.dumps(checkout)
        self._conn.request("POST", "/score", body, {"Content-Type": "application/json"})
        response = self._conn.getresponse()
        return response.status, json.loads(response.read())

    def close(self) -> None:
        self._conn.close()

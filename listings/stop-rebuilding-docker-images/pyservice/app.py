"""The chapter's Python service: one reply that a developer edits, and a clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from greeting import greet

# ANCHOR: message
MESSAGE = "v0"  # the line the edit-and-reload measurements change
# ANCHOR_END: message


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = greet(MESSAGE).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet: one line per request is noise here
        pass


def main() -> None:
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer((host, port), Handler)
    # PID 1 in a container has no default action for SIGTERM: handle it, or the runtime waits
    # out its grace period and kills the process.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever(poll_interval=0.1)  # shutdown() waits for the loop to look: 0.5 s by default
    server.server_close()


if __name__ == "__main__":
    main()

"""The built HTML book served on 127.0.0.1, under the path of its public address, as Read the
Docs serves it: text compressed with gzip when the browser accepts it, and a missing page
answered 404 with the book's 404.html."""

from __future__ import annotations

import functools
import gzip
import re
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def public_prefix(html_dir: Path) -> str:
    """The path of the book's public address (e.g. /en/latest/), read from its canonical link."""
    found = CANONICAL.search((html_dir / "index.html").read_text(encoding="utf-8"))
    if found is None:
        raise AssertionError(f"{html_dir / 'index.html'}: no <link rel=\"canonical\">; is html_baseurl set?")
    return urlsplit(found.group(1)).path.removesuffix("index.html")


class _BookHandler(SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        local = urlsplit(path).path
        if not local.startswith(self.prefix):
            return str(Path(self.directory) / "_outside-the-book" / "missing")  # answered 404
        return super().translate_path("/" + local[len(self.prefix):])

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.is_file() and content_type.startswith(COMPRESSED_TYPES)):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # quiet: the tests report what matters
        pass


@contextmanager
def serve(html_dir: Path) -> Iterator[str]:
    """Serve ``html_dir`` on 127.0.0.1 and a free port; yield the book's root URL."""
    prefix = public_prefix(html_dir)
    handler = functools.partial(type("Handler", (_BookHandler,), {"prefix": prefix}), directory=str(html_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()

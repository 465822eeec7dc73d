"""Every request a browser context makes, and those that would leave the machine."""

from __future__ import annotations

from urllib.parse import urlsplit

# Schemes that never reach the network: the page's own inline data, and the browser's internals.
_LOCAL_SCHEMES = {"file", "data", "blob", "about"}


class RequestRecorder:
    """Attached to a Playwright context: records every request the pages make (requests for other
    hosts included: the browser is started with no route to them, see chromium.OFFLINE)."""

    def __init__(self, context):
        self.requests: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))

    @staticmethod
    def is_local(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in _LOCAL_SCHEMES or (parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1")

    def leaving(self) -> list[str]:
        """Requests that went (or tried to go) anywhere but 127.0.0.1 or file://."""
        return sorted({url for url in self.requests if not self.is_local(url)})

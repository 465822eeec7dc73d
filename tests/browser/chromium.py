"""Debian's chromium, driven through Playwright (its own browser downloads are never used)."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("PLAYBOOK_BROWSER", "/usr/bin/chromium"))

# --no-sandbox: chromium refuses to start as root with its sandbox. The rest keep the browser
# from calling Google's services, so every request it makes comes from the page under test.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# No host but 127.0.0.1 resolves: a request for another host fails at once instead of waiting,
# and the tests still see it (the page asked for it).
OFFLINE = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def launch(playwright):
    if not CHROMIUM.exists():
        raise AssertionError(f"{CHROMIUM} is missing: run `apt-get install chromium` (or set PLAYBOOK_BROWSER)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS + OFFLINE, headless=True)

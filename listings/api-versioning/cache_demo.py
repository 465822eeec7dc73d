"""A real HTTP cache, Chromium's, in front of the customers API.

For each way of naming a version, a page asks for the same customer four times, in versions
1, 1, 3 and 1, from a fresh browser context (an empty cache). The service (cmd/serve)
numbers every response it sends in a Served-Request header, and a cache stores that header
with the response: an answer whose number the page has already seen came from the cache.
Run with `python cache_demo.py`; the record `browser_cache` keeps its output.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("PLAYBOOK_BROWSER", "/usr/bin/chromium"))
# --no-sandbox: Chromium refuses its sandbox as root. The others keep it from calling
# Google's services, so that it talks to the service under test alone.
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
CLOCK = "2026-06-15T12:00:00Z"  # before version 1's sunset, so that every version answers


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    asked: str  # the version the request names


# ANCHOR: schemes
ADA = "/customers/cus_42"
SCHEMES = {
    "path": (Request("/v1" + ADA, {}, "2020-12-01"), Request("/v3" + ADA, {}, "2024-10-01")),
    "header": (Request(ADA, {"Playbook-Version": "2020-12-01"}, "2020-12-01"),
               Request(ADA, {"Playbook-Version": "2024-10-01"}, "2024-10-01")),
    "media type": (Request(ADA, {"Accept": "application/vnd.playbook.v1+json"}, "2020-12-01"),
                   Request(ADA, {"Accept": "application/vnd.playbook.v3+json"}, "2024-10-01")),
}
CASES = [("path", False), ("header", False), ("media type", False), ("header", True), ("media type", True)]
# ANCHOR_END: schemes


@dataclass(frozen=True)
class Answer:
    request: Request
    got: str  # the version of the answer the page received
    from_cache: bool


@contextmanager
def service(binary: Path, strip_vary: bool) -> Iterator[str]:
    """cmd/serve on a free port of 127.0.0.1; yields its address and stops it afterwards."""
    argv = [str(binary), "-now", CLOCK] + (["-strip-vary"] if strip_vary else [])
    with subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None and proc.stdin is not None
        first = proc.stdout.readline()
        try:
            if not first.startswith("listening on "):
                raise RuntimeError(f"cmd/serve: expected 'listening on <address>', found {first!r}")
            yield first.removeprefix("listening on ").strip()
        finally:
            proc.stdin.close()  # cmd/serve exits when its standard input closes
            proc.wait(timeout=10)


# ANCHOR: fetch
def ask(page: Page, request: Request, seen: set[str]) -> Answer:
    """One fetch() from the page, through the browser's HTTP cache (cache mode "default")."""
    version, number = page.evaluate(
        """async ([path, headers]) => {
               const response = await fetch(path, {headers: {...headers, Authorization: "Bearer key_2021"}});
               await response.text();
               return [response.headers.get("Playbook-Version"), response.headers.get("Served-Request")];
           }""",
        [request.path, request.headers],
    )
    answer = Answer(request, version, from_cache=number in seen)
    seen.add(number)
    return answer
# ANCHOR_END: fetch


def run(browser: Browser, address: str, scheme: str) -> list[Answer]:
    context = browser.new_context()  # a fresh, empty HTTP cache
    try:
        page = context.new_page()
        page.goto(address + "/")  # a page of the service's origin, so that fetch() is same-origin
        first, second = SCHEMES[scheme]
        seen: set[str] = set()
        return [ask(page, r, seen) for r in (first, first, second, first)]
    finally:
        context.close()


def demo() -> tuple[str, list[tuple[str, list[Answer]]]]:
    """The browser's version, and each case's answers."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `apt-get install chromium` (or set PLAYBOOK_BROWSER)")
    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        binary = Path(tmp) / "serve"
        subprocess.run(["go", "build", "-o", str(binary), "./cmd/serve"], cwd=HERE, check=True)
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            for strip in (False, True):
                with service(binary, strip) as address:
                    for scheme, _ in filter(lambda case: case[1] == strip, CASES):
                        label = scheme + (", Vary removed" if strip else "")
                        results.append((label, run(browser, address, scheme)))
            return browser.version, results
        finally:
            browser.close()


def main() -> None:
    version, results = demo()
    print(f"browser: Chromium {version}")
    for label, answers in results:
        hits = sum(a.from_cache for a in answers)
        wrong = sum(a.got != a.request.asked for a in answers)
        print(f"{label}: {hits} of {len(answers)} answered by the cache, {wrong} with the wrong version")
        for a in answers:
            print(f"  asked {a.request.asked}  got {a.got}  from the {'cache' if a.from_cache else 'server'}")


if __name__ == "__main__":
    main()

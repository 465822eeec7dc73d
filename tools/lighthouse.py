"""Lighthouse scores of the built HTML book: the landing page, a topic chapter and a post.

Serves the built book on 127.0.0.1 (under the path of its public address, as Read the Docs
does), runs the pinned `lighthouse` from node_modules with Debian's chromium, and prints the
four category scores of each page against the book's floors. Exits 1 if a score is below its
floor. A measurement script, not a test: scores vary a little from run to run.

    .venv/bin/python tools/lighthouse.py [--html _build/html] [--preset mobile|desktop]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "tests"))

from browser.chromium import CHROMIUM, FLAGS, OFFLINE  # noqa: E402
from browser.site import serve  # noqa: E402

LIGHTHOUSE = REPOSITORY / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "landing page": "index.html",
    "topic chapter": "topics/go.html",
    "post": "posts/rate-limiting.html",
}
FLOORS = {"performance": 98, "accessibility": 100, "best-practices": 95, "seo": 95}


def scores(url: str, preset: str) -> dict[str, int]:
    """Lighthouse's four category scores (0-100) for one page."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(FLOORS)}",
        "--chrome-flags=" + " ".join(["--headless=new", *FLAGS, *(f'"{flag}"' if " " in flag else flag for flag in OFFLINE)]),
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    result = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}
    )
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout)
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse could not load {url}: {report['runtimeError']}")
    return {key: round(report["categories"][key]["score"] * 100) for key in FLOORS}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html", type=Path, default=REPOSITORY / "_build" / "html", help="the built HTML book")
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile", help="Lighthouse's form factor and throttling")
    args = parser.parse_args()
    if not (args.html / "index.html").exists():
        raise SystemExit(f"{args.html}/index.html is missing: build the book first (make html)")
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci` (make setup)")

    below = []
    print(f"Lighthouse ({args.preset}), {CHROMIUM}; floors: " + ", ".join(f"{k} {v}" for k, v in FLOORS.items()))
    print(f"{'page':<34}" + "".join(f"{key:>16}" for key in FLOORS))
    with serve(args.html) as root:
        for label, page in PAGES.items():
            found = scores(root + page, args.preset)
            print(f"{label + ' (' + page + ')':<34}" + "".join(f"{found[key]:>16}" for key in FLOORS))
            below += [f"{page}: {key} {found[key]} < {FLOORS[key]}" for key in FLOORS if found[key] < FLOORS[key]]
    if below:
        print("Below the floors:\n  " + "\n  ".join(below))
        return 1
    print("Every score is at or above its floor.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

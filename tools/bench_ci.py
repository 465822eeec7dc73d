"""Projects the CI time of the book at 25 posts: runs `.ci/run` on a fresh clone of the current
commit as it is, and on another fresh clone to which copies of today's posts are added, and
prints both times and the projection.

The added posts are copies of today's (by default as many copies of each as take the book to 25
posts or more), each a real post of real length
with its own listings folder (Go modules renamed, so that no Go build or test result is shared
with the original), included into the book exactly as the originals are. Both runs start with
empty Go and cargo caches, as on a fresh machine; pip and npm use this machine's download
caches (CI's machine has them too). Expect about twice the CI time in all: it is a measurement,
run by hand (`make bench-ci`), never by the test suite.

    .venv/bin/python tools/bench_ci.py [--copies N] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
INCLUDE_PATH = re.compile(r"(\.\./\.\./listings/)([^/\s]+)")
RECORDED = re.compile(r"(\{recorded\}`)([^/`]+)")  # a figure quoted from a record: {recorded}`slug/...`


def clone(target: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(REPOSITORY), str(target)], check=True)
    return target


def add_copies(book: Path, copies: int) -> list[str]:
    """Add ``copies`` copies of every post (and of its listings folder) to the clone and commit
    them; return the new posts' names."""
    added = []
    for post in sorted((book / "docs" / "posts").glob("*.md")):
        slug = post.stem
        for number in range(1, copies + 1):
            new_slug = f"{slug}-copy-{number}"
            text = post.read_text()
            text = re.sub(r'^title: "(.*)"$', rf'title: "\1 (copy {number})"', text, count=1, flags=re.MULTILINE)
            text = re.sub(r"^(# .*)$", rf"\1 (copy {number})", text, count=1, flags=re.MULTILINE)
            for pattern in (INCLUDE_PATH, RECORDED):
                text = pattern.sub(lambda m: m.group(1) + (new_slug if m.group(2) == slug else m.group(2)), text)
            (post.parent / f"{new_slug}.md").write_text(text)
            listings = book / "listings" / slug
            if listings.is_dir():
                copied = book / "listings" / new_slug
                shutil.copytree(listings, copied)
                distinguish_go_packages(copied, number)
            added.append(new_slug)
    subprocess.run(["git", "-C", str(book), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(book), "-c", "user.name=bench", "-c", "user.email=bench@localhost",
                    "commit", "--quiet", "-m", f"{len(added)} copies of today's posts"], check=True)
    return added


def distinguish_go_packages(folder: Path, number: int) -> None:
    """Give every Go package of a copied folder one more file, so that no compiled package or test
    result of the original can be reused for it (module paths stay: records show them)."""
    for directory in sorted({source.parent for source in folder.rglob("*.go") if "testdata" not in source.parts}):
        names = {
            match.group(1)
            for source in directory.glob("*.go")
            if not source.name.endswith("_test.go")
            for match in [re.search(r"^package (\w+)", source.read_text(), re.MULTILINE)]
            if match
        }
        if len(names) == 1:
            (directory / "zz_bench_copy.go").write_text(f"package {names.pop()}\n\nconst benchCopy{number} = {number}\n")


def ci_run(book: Path, scratch: Path, log: Path) -> float:
    """Seconds of `CI=true bash .ci/run` in ``book``, with empty Go and cargo caches."""
    # An empty GOCACHE holds neither compiled packages nor cached test results.
    env = {**os.environ, "CI": "true", "GOCACHE": str(scratch / "gocache")}
    env.pop("VIRTUAL_ENV", None)
    started = time.monotonic()
    with log.open("w") as output:
        result = subprocess.run(["bash", ".ci/run"], cwd=book, env=env, stdin=subprocess.DEVNULL,
                                stdout=output, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"bench-ci: .ci/run failed in {book}; see {log}")
    return seconds


def where_the_time_went(log: Path) -> str:
    text = log.read_text()
    start = text.rfind("where the time went")
    return text[start:text.find("\n=", start + 30)] if start >= 0 else "(no timing table)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, help="copies of each of today's posts (default: enough for 25 posts)")
    parser.add_argument("--keep", action="store_true", help="keep the clones and logs")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="playbook-bench-ci-"))
    scratch.chmod(0o755)  # as a checkout usually is: the tests run servers as other users
    try:
        posts_today = len(list((REPOSITORY / "docs" / "posts").glob("*.md")))
        copies = args.copies or max(1, -(-(25 - posts_today) // posts_today))
        today = clone(scratch / "today")
        grown = clone(scratch / "grown")
        added = add_copies(grown, copies)
        load_before = os.getloadavg()
        seconds_today = ci_run(today, scratch / "cache-today", scratch / "today.log")
        seconds_grown = ci_run(grown, scratch / "cache-grown", scratch / "grown.log")
        load_after = os.getloadavg()
        posts_grown = posts_today + len(added)
        per_post = (seconds_grown - seconds_today) / len(added)
        print(f"machine: {os.cpu_count()} cores; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
        print(f".ci/run, {posts_today} posts (today):  {seconds_today / 60:5.1f} min")
        print(f".ci/run, {posts_grown} posts (+{len(added)} copies): {seconds_grown / 60:5.1f} min")
        print(f"each added post: {per_post:.0f} s; projected at 25 posts: "
              f"{(seconds_today + per_post * (25 - posts_today)) / 60:.1f} min")
        for name in ("today", "grown"):
            print(f"\n{name}: {where_the_time_went(scratch / f'{name}.log')}")
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

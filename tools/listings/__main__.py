"""`python -m tools.listings [--record [--measure]] [--only SLUG[/RECORD]]... [--docs DIR]... LISTINGS_DIR...`

Runs every listing and checks every record (see runner.py); with --record, rewrites the records.
Run from the repository root.
"""

import argparse
import signal
import sys
from pathlib import Path

from tools.listings.runner import run
from tools.listings.server_process import kill_children


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.listings", description=__doc__.splitlines()[2])
    parser.add_argument("listings", type=Path, nargs="+", help="listings folders: one folder per post")
    parser.add_argument("--docs", type=Path, action="append", default=[],
                        help="book sources to scan for literalinclude and {recorded}, to name the pages that show a "
                             "failing listing or record (repeatable)")
    parser.add_argument("--only", action="append", default=[], metavar="SLUG[/RECORD]",
                        help="run only this post's folder, or only this record (repeatable; commas separate several)")
    parser.add_argument("--record", action="store_true",
                        help="rewrite the exact records from fresh runs (the git diff is the review); run no tests")
    parser.add_argument("--measure", action="store_true", help="with --record: re-run and rewrite the measurements too")
    parser.add_argument("--cargo-target-dir", type=Path, help="where cargo builds (default: each project's own target/)")
    parser.add_argument("--timings", type=Path, metavar="FILE", help="write every step's duration to FILE (JSON)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every step's output, not only failures'")
    args = parser.parse_args(argv)
    if args.measure and not args.record:
        parser.error("--measure re-records measurements: use it with --record")
    # A stopped run (SIGTERM, as from a CI timeout) unwinds like Ctrl-C: the servers stop, their folders go.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    only = [item for value in args.only for item in value.replace(",", " ").split()]
    # cargo runs in each project's folder: a relative target folder would land inside the project.
    target = args.cargo_target_dir.resolve() if args.cargo_target_dir else None
    try:
        return run(args.listings, args.docs, only=only, cargo_target_dir=target, verbose=args.verbose,
                   recording=args.record, measure=args.measure, timings=args.timings)
    finally:
        kill_children()  # the servers are stopped by now; a step caught starting would outlive us


if __name__ == "__main__":
    sys.exit(main())

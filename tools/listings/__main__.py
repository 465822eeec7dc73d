"""`python -m tools.listings [--docs DIR]... [--only SLUG]... LISTINGS_DIR`: run every listing.

Run from the repository root; see runner.py for what runs for each kind of listing.
"""

import argparse
import sys
from pathlib import Path

from tools.listings.runner import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.listings", description=__doc__.splitlines()[0])
    parser.add_argument("listings", type=Path, help="the listings folder: one folder per post")
    parser.add_argument("--docs", type=Path, action="append", default=[],
                        help="book sources to scan for literalinclude, to name the pages that show a failing listing (repeatable)")
    parser.add_argument("--only", action="append", default=[], metavar="SLUG", help="run only this post's folder (repeatable)")
    parser.add_argument("--cargo-target-dir", type=Path, help="where cargo builds (default: each project's own target/)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every step's output, not only failures'")
    args = parser.parse_args(argv)
    # cargo runs in each project's folder: a relative target folder would land inside the project.
    target = args.cargo_target_dir.resolve() if args.cargo_target_dir else None
    return run(args.listings, args.docs, only=args.only, cargo_target_dir=target, verbose=args.verbose)


if __name__ == "__main__":
    sys.exit(main())

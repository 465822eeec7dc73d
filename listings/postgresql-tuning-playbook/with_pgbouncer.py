"""Run a command with PgBouncer in front of the test server: DATABASE_URL points at PgBouncer.

    python with_pgbouncer.py [--pool-mode transaction] [--pool-size 2] -- COMMAND ...

For programs in other languages (the pgx example): PgBouncer runs as long as the command does, and
stops afterwards whatever the command's exit status, which this script passes on.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from pgbouncer import pgbouncer


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pool-mode", default="transaction")
    parser.add_argument("--pool-size", type=int, default=2)
    parser.add_argument("command", nargs="+")
    args = parser.parse_args(argv)
    with pgbouncer(args.pool_mode, args.pool_size) as bouncer:
        database = os.environ.get("PGDATABASE", "postgres")
        env = {**os.environ, "DATABASE_URL": bouncer.url(database), "PGHOST": bouncer.host, "PGPORT": str(bouncer.port)}
        return subprocess.run(args.command, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Run the errors.As and errors.AsType benchmarks six times and compare them with benchstat.

    python bench_errors.py            # the recorded run
    python bench_errors.py --quick    # each benchmark once, one iteration (the tests' check)

Prints the benchmark lines (`==> raw <==`, where the book's records take their figures from)
and then benchstat's comparison of them (`==> benchstat <==`, which the post shows).
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    runs = ["-count", "1", "-benchtime", "1x"] if parser.parse_args().quick else ["-count", "6"]
    bench = subprocess.run(
        ["go", "test", "-run", "^$", "-bench", "^BenchmarkAs", "-benchmem", *runs, "./errs"],
        cwd=HERE, capture_output=True, text=True, check=True,
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as raw:
        raw.write(bench)
        raw.flush()
        table = subprocess.run(["go", "tool", "benchstat", "-col", ".name", raw.name],
                               cwd=HERE, capture_output=True, text=True, check=True).stdout
    print(f"==> raw <==\n{bench}\n==> benchstat <==\n{table}", end="")


if __name__ == "__main__":
    main()

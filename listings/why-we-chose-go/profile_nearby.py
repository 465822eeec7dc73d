"""Profile the Go service's nearby computation (Index.Nearest) and print where its CPU time goes.

    python profile_nearby.py          # the recorded run: 3 s of BenchmarkNearest under the CPU profiler
    python profile_nearby.py --quick  # 1 s (the tests' check)

Prints `go tool pprof -top -cum` for the benchmark, functions of the listing, the sort and
the maths package only, so that the shares of sorting and of computing distances can be read.
The header lines that change with every run (build ID, time) are left out, and the long
names the compiler gives generic instantiations are shortened to `[...]`.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHOWN = r"Nearest|DistanceMetres|slices\.|math\."
INSTANTIATION = re.compile(r"\[go\.shape\.[^\n]*\]")  # to the last ] of the line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    benchtime = "1s" if parser.parse_args().quick else "3s"
    with tempfile.TemporaryDirectory() as tmp:
        profile, binary = Path(tmp) / "cpu.pprof", Path(tmp) / "stations.test"
        subprocess.run(["go", "test", "-run", "^$", "-bench", "^BenchmarkNearest$", "-benchtime", benchtime,
                        "-cpuprofile", str(profile), "-o", str(binary), "./stations"],
                       cwd=HERE, check=True, stdout=subprocess.DEVNULL)
        top = subprocess.run(["go", "tool", "pprof", "-top", "-cum", "-show", SHOWN, str(binary), str(profile)],
                             cwd=HERE, capture_output=True, text=True, check=True).stdout
    shown = top[top.index("Duration:"):].replace("playbook.example/why-we-chose-go/", "")
    print(INSTANTIATION.sub("[...]", shown), end="")


if __name__ == "__main__":
    main()

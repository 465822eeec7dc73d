"""Print a shell session that shows what the go line of go.mod decides, run for real.

    python toolchain_session.py

It makes a throw-away module in a temporary folder and runs each command there with
bash, printing the command after "$ " and what it printed. GOTOOLCHAIN is given on
every go command that depends on it, because an installation may change its
default (this book's machine sets local in $GOROOT/go.env; the Go distribution
ships auto). A line "go: downloading go1.27.0 ..." appears only on a machine that
has not fetched that toolchain yet, so it is left out.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

SESSION = [
    "cat go.mod",
    "go list -f '{{.DefaultGODEBUG}}' . | tr , '\\n' | wc -l",
    "go list -f '{{.DefaultGODEBUG}}' . | tr , '\\n' | grep -E 'httpmux|timerchan|maxprocs'",
    "GOTOOLCHAIN=go1.27.0 go list -f '{{.DefaultGODEBUG}}' . | tr , '\\n' | grep -E 'httpmux|timerchan|maxprocs'",
    "go mod edit -godebug=asynctimerchan=1",
    "GOTOOLCHAIN=go1.27.0 go build ./...",
    "go mod edit -dropgodebug=asynctimerchan",
    "go mod edit -go=1.26.0",
    "go list -f '{{.DefaultGODEBUG}}' . | tr , '\\n' | wc -l",
    "go mod edit -go=1.27.0",
    "GOTOOLCHAIN=local go build ./...",
    "GOTOOLCHAIN=auto go version",
]
DOWNLOADING = re.compile(r"^go: downloading go\S+ \(\S+\)\n", re.MULTILINE)


def session() -> str:
    with tempfile.TemporaryDirectory(prefix="legacy-") as folder:
        Path(folder, "go.mod").write_text("module example.com/legacy\n\ngo 1.21\n")
        Path(folder, "main.go").write_text("package main\n\nfunc main() {}\n")
        env = {k: v for k, v in os.environ.items() if k not in ("GOTOOLCHAIN", "GOFLAGS")}
        transcript = []
        for command in SESSION:
            run = subprocess.run(["bash", "-c", command], cwd=folder, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            transcript.append(f"$ {command}\n{DOWNLOADING.sub('', run.stdout)}")
    return "".join(transcript)


if __name__ == "__main__":
    print(session(), end="")

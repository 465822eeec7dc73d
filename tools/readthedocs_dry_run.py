"""Run .readthedocs.yaml's jobs here as Read the Docs runs them, as far as this machine allows, and
check the result against the rules Read the Docs' build code applies.

The same as on Read the Docs: a shallow clone of the last commit; READTHEDOCS and READTHEDOCS_OUTPUT
set; a user other than root (`nobody`, when this runs as root); the `post_checkout` and `build`
jobs run verbatim, one shell per command, in the clone's root. Different: the install steps
(`python.install`, `post_install`) use this machine's virtualenv and node_modules, and the browser
is Debian's chromium (PLAYBOOK_BROWSER), because browser.mjs cannot download one here.

Checks (readthedocs.org, `check_old_output_directory` and the artifact checks): no `_build/html` in
the checkout; `html/index.html` in the output; exactly one file in each of `pdf/` and `epub/`.

    .venv/bin/python tools/readthedocs_dry_run.py [--keep-shallow] [--formats html pdf epub]

--keep-shallow skips post_checkout: the strict build must pass on a shallow clone too.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-shallow", action="store_true", help="skip post_checkout (no unshallow)")
    parser.add_argument("--formats", nargs="+", default=["html", "pdf", "epub"])
    args = parser.parse_args()
    config = yaml.safe_load((REPOSITORY / ".readthedocs.yaml").read_text())
    jobs = config["build"]["jobs"]

    with tempfile.TemporaryDirectory(prefix="playbook-rtd-") as scratch:
        scratch = Path(scratch)
        checkout = scratch / "checkout"
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", REPOSITORY.as_uri(), str(checkout)], check=True)
        (checkout / "node_modules").symlink_to(REPOSITORY / "node_modules")
        home = scratch / "home"
        home.mkdir()
        output = checkout / "_readthedocs"
        env = {
            "PATH": f"{REPOSITORY / '.venv' / 'bin'}:{os.environ['PATH']}",
            "HOME": str(home),
            "READTHEDOCS": "True",
            "READTHEDOCS_OUTPUT": f"{output}/",
            "PLAYBOOK_BROWSER": shutil.which("chromium") or "/usr/bin/chromium",
        }
        as_other_user: list[str] = []
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "nobody:nogroup", str(scratch)], check=True)
            scratch.chmod(0o755)
            as_other_user = ["runuser", "-u", "nobody", "--"]
        commands = [] if args.keep_shallow else [("post_checkout", c) for c in jobs.get("post_checkout", [])]
        commands += [(f"build.{fmt}", c) for fmt in args.formats for c in jobs["build"][fmt]]
        for job, command in commands:
            started = time.monotonic()
            result = subprocess.run(
                [*as_other_user, "env", "-i", *(f"{k}={v}" for k, v in env.items()), "bash", "-c", command],
                cwd=checkout, capture_output=True, text=True,
            )
            print(f"{job}: {command}  ({time.monotonic() - started:.1f} s, exit {result.returncode})")
            if result.returncode != 0:
                print(result.stdout[-3000:], result.stderr[-6000:], sep="\n")
                return 1

        shallow = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--is-shallow-repository"],
                                 capture_output=True, text=True).stdout.strip()
        problems = []
        if (checkout / "_build" / "html").exists():
            problems.append("_build/html exists in the checkout (Read the Docs fails the build)")
        if "html" in args.formats and not (output / "html" / "index.html").is_file():
            problems.append("no html/index.html in the output")
        for fmt in ("pdf", "epub"):
            if fmt in args.formats:
                files = [p for p in (output / fmt).iterdir()] if (output / fmt).is_dir() else []
                if len(files) != 1:
                    problems.append(f"{fmt}/ holds {len(files)} files; Read the Docs needs exactly one")
        print(f"ran as {'nobody' if as_other_user else pwd.getpwuid(os.geteuid()).pw_name}; clone shallow at the end: {shallow}")
        for problem in problems:
            print(f"PROBLEM {problem}")
        print("Read the Docs dry run: " + ("passed" if not problems else f"{len(problems)} problem(s)"))
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

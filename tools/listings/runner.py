"""Find every listing under a listings folder, run its checks, and name the pages that show it.

A listings folder holds one folder per post (``listings/<slug>/``). Inside it:

- every folder with a ``go.mod`` is a Go module: ``go vet ./...``, ``go test -race ./...``, then
  its benchmarks compiled and run once (``-run '^$' -bench . -benchtime=1x``; numbers not asserted);
- every top-most folder with a ``Cargo.toml`` is a cargo project: ``cargo test --locked``;
- a post folder with ``test_*.py`` files runs them with pytest (Python listings, and SQL listings
  whose tests use the PostgreSQL 18 fixtures of the listings folder's ``conftest.py``).

A source file that none of these would compile or run is reported too: a listing the book shows
must be tested. When a check fails, the message names the pages that include a file of that
project (found by scanning the book's sources for ``literalinclude``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
SKIPPED_FOLDERS = {".git", "target", "node_modules", "__pycache__", ".pytest_cache", "vendor", "testdata"}
PYTHON_TEST = re.compile(r"^(test_.*|.*_test)\.py$")
# ```{literalinclude} path   or   :::{literalinclude} path   (MyST)   or   .. literalinclude:: path (rST)
INCLUDE = re.compile(r"^\s*(?:(?:`{3,}|:{3,})\s*\{literalinclude\}|\.\.\s+literalinclude::)\s+(\S+)")


@dataclass(frozen=True)
class Project:
    """Something the runner runs: a Go module, a cargo project, or a post folder's pytest tests."""

    kind: str  # "go", "rust" or "pytest"
    path: Path


@dataclass(frozen=True)
class Step:
    project: Project
    title: str
    command: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Inclusion:
    page: Path
    line: int
    file: Path


@dataclass(frozen=True)
class Failure:
    step: Step
    output: str
    pages: tuple[Inclusion, ...]


def listing_folders(listings_root: Path) -> list[Path]:
    """The post folders: the listings folder's subfolders, except hidden and cache folders."""
    return sorted(
        p for p in listings_root.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and p.name not in SKIPPED_FOLDERS
    )


def _walk_files(folder: Path) -> Iterable[Path]:
    for directory, subfolders, files in os.walk(folder):
        subfolders[:] = sorted(d for d in subfolders if d not in SKIPPED_FOLDERS and not d.startswith("."))
        for name in sorted(files):
            yield Path(directory) / name


def discover(listing: Path) -> tuple[list[Project], list[str]]:
    """The projects of one post folder, and the problems found (files nothing would run)."""
    files = list(_walk_files(listing))
    go_modules = [f.parent for f in files if f.name == "go.mod"]
    cargo_dirs = [f.parent for f in files if f.name == "Cargo.toml"]
    # A Cargo.toml inside another cargo project is a workspace member: the top one runs it.
    cargo_dirs = [d for d in cargo_dirs if not any(o != d and o in d.parents for o in cargo_dirs)]
    python_tests = [f for f in files if PYTHON_TEST.match(f.name)]

    projects = [Project("go", d) for d in go_modules] + [Project("rust", d) for d in cargo_dirs]
    if python_tests:
        projects.append(Project("pytest", listing))

    def inside(path: Path, folders: Sequence[Path]) -> bool:
        return any(folder == path.parent or folder in path.parents for folder in folders)

    problems = []
    for f in files:
        if f.suffix == ".go" and not inside(f, go_modules):
            problems.append(f"{f}: Go file outside any Go module (no go.mod above it): nothing compiles it")
        elif f.suffix == ".rs" and not inside(f, cargo_dirs):
            problems.append(f"{f}: Rust file outside any cargo project (no Cargo.toml above it): nothing compiles it")
        elif f.suffix in (".py", ".sql") and f.name != "conftest.py" and not python_tests:
            problems.append(f"{f}: no test_*.py in {listing} runs it")
    for cargo_dir in cargo_dirs:
        if not (cargo_dir / "Cargo.lock").is_file():
            problems.append(f"{cargo_dir}: no Cargo.lock: dependencies must be pinned (run `cargo generate-lockfile` and commit it)")
    for module in go_modules:
        if _has_requirements(module / "go.mod") and not (module / "go.sum").is_file():
            problems.append(f"{module}: go.mod requires modules but there is no go.sum pinning them (run `go mod tidy`)")
    if not projects:
        problems.append(
            f"{listing}: nothing to run: expected a Go module (go.mod), a cargo project (Cargo.toml) "
            f"or pytest tests (test_*.py)"
        )
    return projects, problems


def _has_requirements(go_mod: Path) -> bool:
    return re.search(r"^\s*require\b", go_mod.read_text(), re.MULTILINE) is not None


def steps_for(project: Project, listings_root: Path, cargo_target_dir: Path | None) -> list[Step]:
    if project.kind == "go":
        env = (("GOFLAGS", "-mod=readonly"),)
        return [
            Step(project, "go vet ./...", ("go", "vet", "./..."), env),
            Step(project, "go test -race ./...", ("go", "test", "-race", "./..."), env),
            Step(project, "go test -run '^$' -bench . -benchtime=1x ./...",
                 ("go", "test", "-run", "^$", "-bench", ".", "-benchtime=1x", "./..."), env),
        ]
    if project.kind == "rust":
        env = (("CARGO_TARGET_DIR", str(cargo_target_dir)),) if cargo_target_dir else ()
        return [Step(project, "cargo test --locked", ("cargo", "test", "--locked"), env)]
    # --confcutdir: the listings folder's conftest.py (PostgreSQL fixtures) applies, the book's
    # own tests/conftest.py does not. --rootdir: test modules import their neighbours by name.
    # PYTHONPATH: conftest.py imports the fixtures from tools.listings.
    python_path = os.pathsep.join(filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")]))
    return [Step(project, "pytest", (
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        f"--confcutdir={listings_root.resolve()}", f"--rootdir={project.path.resolve()}", str(project.path.resolve()),
    ), (("PYTHONPATH", python_path),))]


def inclusions(docs: Iterable[Path]) -> list[Inclusion]:
    """Every literalinclude in the book's sources, with the file it includes, resolved."""
    found = []
    for srcdir in docs:
        for page in sorted(list(srcdir.rglob("*.md")) + list(srcdir.rglob("*.rst"))):
            if any(part in SKIPPED_FOLDERS or part.startswith("_") for part in page.relative_to(srcdir).parts[:-1]):
                continue
            for number, text in enumerate(page.read_text(errors="replace").splitlines(), start=1):
                match = INCLUDE.match(text)
                if match:
                    target = match.group(1)
                    base = srcdir if target.startswith("/") else page.parent
                    found.append(Inclusion(page, number, (base / target.lstrip("/")).resolve()))
    return found


def pages_showing(project: Project, all_inclusions: Sequence[Inclusion]) -> tuple[Inclusion, ...]:
    folder = project.path.resolve()
    return tuple(i for i in all_inclusions if folder in i.file.parents)


def describe_pages(pages: Sequence[Inclusion]) -> str:
    if not pages:
        return "shown in no page"
    by_page: dict[Path, list[int]] = {}
    for inclusion in pages:
        by_page.setdefault(inclusion.page, []).append(inclusion.line)
    return "shown in " + ", ".join(
        f"{_display(page)} (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})"
        for page, lines in by_page.items()
    )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


TOOLCHAINS = {"go": "Go 1.26", "rust": "cargo and rustc", "pytest": "Python 3.11 with requirements.txt"}


def run_step(step: Step) -> subprocess.CompletedProcess:
    try:
        process = subprocess.Popen(
            step.command, cwd=step.project.path, env={**os.environ, **dict(step.env)},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
    except FileNotFoundError:
        message = (
            f"{step.command[0]}: command not found; this listing needs {TOOLCHAINS[step.project.kind]} "
            f"on PATH (.ci/run installs every toolchain the listings need)"
        )
        return subprocess.CompletedProcess(step.command, 127, message)
    try:
        output, _ = process.communicate()
    except KeyboardInterrupt:
        # Ctrl-C reached the step too: let it finish its own clean-up (pytest stops its
        # PostgreSQL server and removes its folder) instead of killing it half-way.
        process.wait()
        raise
    return subprocess.CompletedProcess(step.command, process.returncode, output)


def run(
    listings_root: Path, docs: Sequence[Path], *, only: Sequence[str] = (), cargo_target_dir: Path | None = None,
    verbose: bool = False, out=sys.stdout,
) -> int:
    """Run every listing under ``listings_root``; print a line per step; return the exit status."""
    if not listings_root.is_dir():
        print(f"listings: {listings_root} is not a folder", file=out)
        return 2
    all_inclusions = inclusions(docs)
    folders = listing_folders(listings_root)
    if only:
        unknown = sorted(set(only) - {f.name for f in folders})
        if unknown:
            print(f"listings: no listing folder named {', '.join(unknown)} in {listings_root}", file=out)
            return 2
        folders = [f for f in folders if f.name in only]

    failures: list[Failure] = []
    problems: list[str] = []
    step_count = 0
    for folder in folders:
        projects, folder_problems = discover(folder)
        problems += folder_problems
        for project in projects:
            # A project's steps stop at its first failure: the later ones would repeat it.
            for step in steps_for(project, listings_root, cargo_target_dir):
                step_count += 1
                started = time.monotonic()
                result = run_step(step)
                seconds = time.monotonic() - started
                status = "ok  " if result.returncode == 0 else "FAIL"
                print(f"{status} {_display(project.path)}: {step.title} ({seconds:.1f} s)", file=out, flush=True)
                if verbose or result.returncode != 0:
                    print(_indent(result.stdout), file=out, flush=True)
                if result.returncode != 0:
                    failures.append(Failure(step, result.stdout, pages_showing(project, all_inclusions)))
                    break

    for problem in problems:
        print(f"PROBLEM {problem}", file=out)
    for failure in failures:
        project = failure.step.project
        print(
            f"FAILED {_display(project.path)} ({_KIND_NAMES[project.kind]}): `{failure.step.title}` failed; "
            f"{describe_pages(failure.pages)}",
            file=out,
        )
    verdict = "all passed" if not failures and not problems else f"{len(failures)} failed, {len(problems)} problem(s)"
    print(f"listings: {len(folders)} folder(s), {step_count} step(s) in {_display(listings_root)}: {verdict}", file=out)
    return 1 if failures or problems else 0


_KIND_NAMES = {"go": "Go module", "rust": "cargo project", "pytest": "pytest tests"}


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines())

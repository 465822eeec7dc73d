"""Find every listing under the listings folders, run its checks and its records, and name the pages.

A listings folder holds one folder per post (``listings/<slug>/``). Inside it:

- every folder with a ``go.mod`` is a Go module: ``go vet ./...``, ``go test -race ./...``, then
  the benchmarks of the packages that have some compiled and run once (``-run '^$' -bench .
  -benchtime=1x``; numbers not asserted);
- every top-most folder with a ``Cargo.toml`` is a cargo project: ``cargo test --locked``;
- a post folder with ``test_*.py`` files runs them with pytest (Python listings, and SQL listings
  whose tests use the PostgreSQL 18 fixtures of the listings folder's ``conftest.py``).

- a ``records.toml`` declares the folder's recorded outputs and the servers it needs (see
  manifest.py and records.py): its producers run after the folder's tests.

A source file that none of these would compile or run is reported too: a listing the book shows
must be tested. When a check fails, the message names the pages that include a file of that
project or the record (found by scanning the book's sources for ``literalinclude``), and the pages
that quote a figure of the record (the ``{recorded}`` role).

One run starts each server the selected folders declare once (services.py), writes the duration
of every step to ``--timings FILE`` (JSON) and prints a short summary by language at the end.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tools.listings import normalise, services as services_module
from tools.listings.manifest import Manifest, ManifestError, Record, RECORDS_FOLDER, load
from tools.listings.records import Outcome, Recorder

REPOSITORY = Path(__file__).resolve().parents[2]
SKIPPED_FOLDERS = {".git", "target", "node_modules", "__pycache__", ".pytest_cache", "vendor", "testdata"}
PYTHON_TEST = re.compile(r"^(test_.*|.*_test)\.py$")
# ```{literalinclude} path   or   :::{literalinclude} path   (MyST)   or   .. literalinclude:: path (rST)
INCLUDE = re.compile(r"^\s*(?:(?:`{3,}|:{3,})\s*\{literalinclude\}|\.\.\s+literalinclude::)\s+(\S+)")
# {recorded}`slug/record.figure` or {recorded}`slug/record.figure:,.1f` (MyST), :recorded:`...` (rST)
QUOTE = re.compile(r"(?:\{recorded\}|:recorded:)`([^`/]+)/([^`.:]+)")


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


def discover(listing: Path, run_by_records: Iterable[Path] = (), has_records: bool = False) -> tuple[list[Project], list[str]]:
    """The projects of one post folder, and the problems found (files nothing would run).

    ``run_by_records``: files a record's producer runs (a SQL file, a script), which count as run."""
    files = list(_walk_files(listing))
    go_modules = [f.parent for f in files if f.name == "go.mod"]
    cargo_dirs = [f.parent for f in files if f.name == "Cargo.toml"]
    # A Cargo.toml inside another cargo project is a workspace member: the top one runs it.
    cargo_dirs = [d for d in cargo_dirs if not any(o != d and o in d.parents for o in cargo_dirs)]
    python_tests = [f for f in files if PYTHON_TEST.match(f.name)]
    produced = {path.resolve() for path in run_by_records}

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
        elif (f.suffix in (".py", ".sql") and f.name != "conftest.py" and not python_tests
              and f.resolve() not in produced):
            problems.append(f"{f}: no test_*.py in {listing} runs it, and no record of its records.toml produces it")
    for cargo_dir in cargo_dirs:
        if not (cargo_dir / "Cargo.lock").is_file():
            problems.append(f"{cargo_dir}: no Cargo.lock: dependencies must be pinned (run `cargo generate-lockfile` and commit it)")
    for module in go_modules:
        if _has_requirements(module / "go.mod") and not (module / "go.sum").is_file():
            problems.append(f"{module}: go.mod requires modules but there is no go.sum pinning them (run `go mod tidy`)")
    if not projects and not has_records:
        problems.append(
            f"{listing}: nothing to run: expected a Go module (go.mod), a cargo project (Cargo.toml), "
            f"pytest tests (test_*.py) or records (records.toml)"
        )
    return projects, problems


BENCHMARK_FUNCTION = re.compile(r"^func Benchmark", re.MULTILINE)


def benchmark_packages(module: Path) -> list[str]:
    """The module's packages (``./dir``) whose tests declare a benchmark; nested modules and
    ``testdata`` folders, which the go command leaves out of ``./...``, are left out too."""
    found = set()
    for test_file in module.rglob("*_test.go"):
        folder = test_file.parent
        inside = folder.relative_to(module).parts
        if "testdata" in inside or any(part.startswith((".", "_")) for part in inside):
            continue
        if any((module.joinpath(*inside[:depth]) / "go.mod").is_file() for depth in range(1, len(inside) + 1)):
            continue  # another module
        if BENCHMARK_FUNCTION.search(test_file.read_text(errors="replace")):
            found.add("./" + "/".join(inside) if inside else ".")
    return sorted(found)


def _has_requirements(go_mod: Path) -> bool:
    return re.search(r"^\s*require\b", go_mod.read_text(), re.MULTILINE) is not None


def steps_for(project: Project, listings_root: Path, cargo_target_dir: Path | None) -> list[Step]:
    if project.kind == "go":
        env = (("GOFLAGS", "-mod=readonly"),)
        steps = [
            Step(project, "go vet ./...", ("go", "vet", "./..."), env),
            Step(project, "go test -race ./...", ("go", "test", "-race", "./..."), env),
        ]
        # Only the packages that have benchmarks: building the others' test binaries again
        # (without -race) would cost seconds and run nothing.
        if packages := benchmark_packages(project.path):
            steps.append(Step(project, f"go test -run '^$' -bench . -benchtime=1x {' '.join(packages)}",
                              ("go", "test", "-run", "^$", "-bench", ".", "-benchtime=1x", *packages), env))
        return steps
    if project.kind == "rust":
        env = (("CARGO_TARGET_DIR", str(cargo_target_dir)),) if cargo_target_dir else ()
        return [Step(project, "cargo test --locked", ("cargo", "test", "--locked"), env)]
    # --confcutdir: the listings folder's conftest.py (PostgreSQL fixtures) applies, the book's
    # own tests/conftest.py does not. --rootdir: test modules import their neighbours by name.
    return [Step(project, "pytest", (
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        f"--confcutdir={listings_root.resolve()}", f"--rootdir={project.path.resolve()}", str(project.path.resolve()),
    ))]


def inclusions(docs: Iterable[Path]) -> list[Inclusion]:
    """Every literalinclude in the book's sources, with the file it includes, resolved."""
    found = []
    for page, number, text in _page_lines(docs):
        match = INCLUDE.match(text)
        if match:
            target = match.group(1)
            base = page.srcdir if target.startswith("/") else page.path.parent
            found.append(Inclusion(page.path, number, (base / target.lstrip("/")).resolve()))
    return found


@dataclass(frozen=True)
class Quotation:
    """A ``{recorded}`` role in a page: the record it quotes a figure of."""

    page: Path
    line: int
    slug: str
    record: str


def quotations(docs: Iterable[Path]) -> list[Quotation]:
    """Every ``{recorded}`` role in the book's sources."""
    return [
        Quotation(page.path, number, match.group(1), match.group(2))
        for page, number, text in _page_lines(docs) for match in QUOTE.finditer(text)
    ]


@dataclass(frozen=True)
class _Page:
    srcdir: Path
    path: Path


def _page_lines(docs: Iterable[Path]) -> Iterable[tuple[_Page, int, str]]:
    for srcdir in docs:
        for page in sorted(list(srcdir.rglob("*.md")) + list(srcdir.rglob("*.rst"))):
            if any(part in SKIPPED_FOLDERS or part.startswith("_") for part in page.relative_to(srcdir).parts[:-1]):
                continue
            for number, text in enumerate(page.read_text(errors="replace").splitlines(), start=1):
                yield _Page(srcdir, page), number, text


def pages_showing(project: Project, all_inclusions: Sequence[Inclusion]) -> tuple[Inclusion, ...]:
    folder = project.path.resolve()
    return tuple(i for i in all_inclusions if folder in i.file.parents)


def describe_pages(pages: Sequence[Inclusion], verb: str = "shown") -> str:
    if not pages:
        return f"{verb} in no page"
    by_page: dict[Path, list[int]] = {}
    for inclusion in pages:
        by_page.setdefault(inclusion.page, []).append(inclusion.line)
    return f"{verb} in " + ", ".join(
        f"{_display(page)} (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})"
        for page, lines in by_page.items()
    )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


TOOLCHAINS = {"go": "Go 1.26", "rust": "cargo and rustc", "pytest": "Python 3.11 with requirements.txt"}
LANGUAGES = {"go": "go", "rust": "rust", "pytest": "python"}


def run_step(step: Step, environment: Mapping[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """Run one step, with ``environment``'s service variables set (or removed: None)."""
    env = services_module.apply({**(environment or {}), **dict(step.env)})
    try:
        process = subprocess.Popen(
            step.command, cwd=step.project.path, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
        )
    except OSError as error:  # not on PATH, or there but not executable by this user
        found = "command not found" if isinstance(error, FileNotFoundError) else f"cannot be run ({error.strerror})"
        message = (
            f"{step.command[0]}: {found}; this listing needs {TOOLCHAINS[step.project.kind]} "
            f"on PATH (the README's prerequisites say how to install each toolchain)"
        )
        return subprocess.CompletedProcess(step.command, 127, message)
    try:
        output, _ = process.communicate()
    except KeyboardInterrupt:
        # Ctrl-C reached the step too: let it finish its own clean-up instead of killing it half-way.
        process.wait()
        raise
    except BaseException:  # the runner is being stopped (SIGTERM): stop the step with it
        process.terminate()
        process.wait()
        raise
    return subprocess.CompletedProcess(step.command, process.returncode, output)


@dataclass
class Timings:
    """The duration of every step of a run, by language, for ``--timings`` and the summary."""

    steps: list[dict] = field(default_factory=list)

    def add(self, folder: Path | None, kind: str, step: str, seconds: float, ok: bool = True) -> None:
        self.steps.append({
            "folder": _display(folder) if folder else None, "kind": kind, "step": step,
            "seconds": round(seconds, 3), "ok": ok,
        })

    def by_kind(self) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for step in self.steps:
            totals[step["kind"]] += step["seconds"]
        return dict(sorted(totals.items(), key=lambda item: -item[1]))

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"steps": self.steps, "seconds_by_kind": self.by_kind()}, indent=1) + "\n")

    def summary(self) -> str:
        parts = ", ".join(f"{kind} {seconds:.1f} s" for kind, seconds in self.by_kind().items())
        return f"time by language: {parts or 'nothing ran'}; total {sum(s['seconds'] for s in self.steps):.1f} s"


@dataclass
class _Folder:
    root: Path
    path: Path
    manifest: Manifest | None
    records: list[Record]  # the records selected for this run
    run_tests: bool = True  # False when only some of its records were asked for


def run(
    listings_roots: Path | Sequence[Path], docs: Sequence[Path], *, only: Sequence[str] = (),
    cargo_target_dir: Path | None = None, verbose: bool = False, out=sys.stdout, recording: bool = False,
    measure: bool = False, timings: Path | None = None,
) -> int:
    """Run every listing and record under ``listings_roots``; print a line per step; return the exit
    status. ``recording``: rewrite the records instead of checking them (and run no tests);
    ``measure``: re-run and rewrite the measurements too."""
    roots = [listings_roots] if isinstance(listings_roots, Path) else list(listings_roots)
    for root in roots:
        if not root.is_dir():
            print(f"listings: {root} is not a folder", file=out)
            return 2
    problems: list[str] = []
    folders, status = _select(roots, only, problems, out)
    if status:
        return status

    all_inclusions, all_quotations = inclusions(docs), quotations(docs)
    if docs:
        problems += _unused_records(folders, all_inclusions, all_quotations)
    needed = {service for f in folders if f.manifest and (f.records or not recording) for service in f.manifest.services}
    clock = Timings()
    failures: list[Failure] = []
    record_failures: list[Outcome] = []
    step_count = 0
    try:
        with services_module.started(needed, lambda name, seconds: clock.add(None, "services", f"start {name}", seconds)) as running:
            context = normalise.Context(
                book_root=roots[0].resolve().parent, secrets=running.secrets(), ports=running.ports(),
            )
            recorder = Recorder(running, context, recording=recording, measure=measure,
                                timing=lambda folder, kind, title, seconds, ok: clock.add(folder, kind, title, seconds, ok),
                                out=out, verbose=verbose, cargo_target_dir=cargo_target_dir)
            for folder in folders:
                declared = folder.manifest.services if folder.manifest else ()
                if not recording and folder.run_tests:
                    projects, folder_problems = discover(
                        folder.path, _run_by_records(folder.manifest), has_records=bool(folder.manifest and folder.manifest.records),
                    )
                    problems += folder_problems
                    for project in projects:
                        for step in steps_for(project, folder.root, cargo_target_dir):
                            step_count += 1
                            started = time.monotonic()
                            result = run_step(step, running.environment(declared))
                            seconds = time.monotonic() - started
                            clock.add(project.path, LANGUAGES[project.kind], step.title, seconds, result.returncode == 0)
                            status = "ok  " if result.returncode == 0 else "FAIL"
                            print(f"{status} {_display(project.path)}: {step.title} ({seconds:.1f} s)", file=out, flush=True)
                            if verbose or result.returncode != 0:
                                print(_indent(result.stdout), file=out, flush=True)
                            if result.returncode != 0:
                                failures.append(Failure(step, result.stdout, pages_showing(project, all_inclusions)))
                                break  # a project's later steps would repeat its first failure
                if folder.manifest and folder.records:
                    for outcome in recorder.folder(folder.manifest, folder.records):
                        step_count += 1
                        _report_outcome(outcome, out)
                        if outcome.problems:
                            record_failures.append(outcome)
            stop_started = time.monotonic()
        if needed:
            clock.add(None, "services", "stop " + ", ".join(sorted(needed)), time.monotonic() - stop_started)
    except (services_module.ServiceError, ManifestError) as error:
        print(f"listings: {error}", file=out)
        return 1

    for problem in problems:
        print(f"PROBLEM {problem}", file=out)
    for failure in failures:
        project = failure.step.project
        print(
            f"FAILED {_display(project.path)} ({_KIND_NAMES[project.kind]}): `{failure.step.title}` failed; "
            f"{describe_pages(failure.pages)}",
            file=out,
        )
    for outcome in record_failures:
        record = outcome.record
        shown = [i for i in all_inclusions if i.file == record.text_path.resolve()]
        quoted = [Inclusion(q.page, q.line, record.sidecar_path) for q in all_quotations
                  if (q.slug, q.record) == (record.folder.name, record.name)]
        first = outcome.problems[0].splitlines()[0].rstrip(":")
        print(f"FAILED record {record.label}: {first}; {describe_pages(shown)}; {describe_pages(quoted, 'quoted')}", file=out)

    if timings is not None:
        clock.write(timings)
    print(clock.summary(), file=out)
    failed = len(failures) + len(record_failures)
    verdict = "all passed" if not failed and not problems else f"{failed} failed, {len(problems)} problem(s)"
    action = "recorded" if recording else "checked"
    print(f"listings: {len(folders)} folder(s), {step_count} step(s) {action} in "
          f"{', '.join(_display(root) for root in roots)}: {verdict}", file=out)
    return 1 if failed or problems else 0


def _select(roots: Sequence[Path], only: Sequence[str], problems: list[str], out) -> tuple[list[_Folder], int]:
    """The post folders of the run, each with its manifest and the records ``only`` selects.

    ``only`` holds ``slug`` (the folder: its tests and records) or ``slug/record`` (that record
    alone, without the folder's tests)."""
    folders = [(root, folder) for root in roots for folder in listing_folders(root)]
    whole: set[str] = set()
    some: dict[str, set[str]] = defaultdict(set)
    for item in only:
        slug, _, record = item.partition("/")
        if record:
            some[slug].add(record)
        else:
            whole.add(slug)
    unknown = sorted((whole | set(some)) - {folder.name for _, folder in folders})
    if unknown:
        print(f"listings: no listing folder named {', '.join(unknown)} in {', '.join(map(str, roots))}", file=out)
        return [], 2
    selected = []
    for root, folder in folders:
        if only and folder.name not in whole and folder.name not in some:
            continue
        try:
            manifest = load(folder)
        except ManifestError as error:
            problems.append(str(error))
            manifest = None
        records = list(manifest.records) if manifest else []
        if folder.name in some and folder.name not in whole and manifest is not None:
            missing = sorted(some[folder.name] - {r.name for r in records})
            if missing:
                print(f"listings: {folder / 'records.toml'} declares no record named {', '.join(missing)}", file=out)
                return [], 2
            records = [r for r in records if r.name in some[folder.name]]
        selected.append(_Folder(root, folder, manifest, records, run_tests=folder.name not in some or folder.name in whole))
    return selected, 0


def _run_by_records(manifest: Manifest | None) -> list[Path]:
    """Files the records' producers run: a ``sql`` file, or a command's arguments that are files."""
    if manifest is None:
        return []
    files = []
    for record in manifest.records:
        for argv in (record.command, record.check_command or ()):
            for argument in argv[1:]:
                path = record.folder / record.cwd / argument
                if path.is_file():
                    files.append(path)
    return files


def _unused_records(folders: Sequence[_Folder], shown: Sequence[Inclusion], quoted: Sequence[Quotation]) -> list[str]:
    """Records that no page shows or quotes, and files under records/ that no record declares."""
    problems = []
    included = {i.file for i in shown}
    quoted_records = {(q.slug, q.record) for q in quoted}
    for folder in folders:
        records_dir = folder.path / RECORDS_FOLDER
        declared = {r.name for r in folder.manifest.records} if folder.manifest else set()
        if records_dir.is_dir():
            for path in sorted(records_dir.iterdir()):
                if path.stem not in declared or path.suffix not in (".txt", ".json"):
                    problems.append(f"{path}: not a record declared in {folder.path / 'records.toml'}: declare it or delete it")
        for record in folder.records:
            if record.text_path.resolve() not in included and (folder.path.name, record.name) not in quoted_records:
                problems.append(f"{record.text_path}: record {record.label} is neither included nor quoted by any page")
    return problems


def _report_outcome(outcome: Outcome, out) -> None:
    for path in outcome.written:
        print(f"     wrote {_display(path)}", file=out)
    if outcome.problems:
        print(f"FAIL record {outcome.record.label}:", file=out)
        for problem in outcome.problems:
            print(_indent(problem), file=out)


_KIND_NAMES = {"go": "Go module", "rust": "cargo project", "pytest": "pytest tests"}


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines())

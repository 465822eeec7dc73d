"""The listings runner (tools/listings): it runs every listing, and a failure names the page showing it."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

from tools.listings.runner import REPOSITORY, Project, Step, benchmark_packages, discover, inclusions, run, run_step


def copy_root(rootdir: Path, name: str, tmp_path: Path) -> Path:
    """A copy of test book ``name``, so that running its listings leaves the repository untouched."""
    book = tmp_path / name
    shutil.copytree(rootdir / f"test-{name}", book, ignore=shutil.ignore_patterns("__pycache__", "target"))
    return book


def include_line(page: Path, target: str) -> int:
    lines = page.read_text().splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith("```{literalinclude}") and target in line)


def test_every_kind_of_listing_runs_and_passes(rootdir, tmp_path):
    book = copy_root(rootdir, "listings", tmp_path)
    out = io.StringIO()
    status = run(book / "listings", [book], cargo_target_dir=tmp_path / "cargo-target", out=out)
    report = out.getvalue()
    assert status == 0, report
    steps = [line.rsplit(" (", 1)[0] for line in report.splitlines() if line.startswith(("ok", "FAIL"))]
    listings = book / "listings"
    assert steps == [
        f"ok   {listings / 'backoff'}: go vet ./...",
        f"ok   {listings / 'backoff'}: go test -race ./...",
        f"ok   {listings / 'backoff'}: go test -run '^$' -bench . -benchtime=1x ./backoff",
        # A measurement: its smaller check run, its claim checked.
        f"ok   {listings / 'backoff'}: record delay: go test -run '^$' -bench Delay -benchtime=1000x -count=1 ./backoff",
        f"ok   {listings / 'checksum'}: cargo test --locked",
        f"ok   {listings / 'checksum'}: record wikipedia: cargo run --quiet --locked --example wikipedia",
        f"ok   {listings / 'hits'}: record incr: redis-cli -u '$REDIS_URL' --no-auth-warning INCRBY page:hits 5",
        f"ok   {listings / 'orders-index'}: pytest",  # SQL on PostgreSQL 18, through the fixtures
        f"ok   {listings / 'orders-index'}: record plan: python plan_shape.py",
        f"ok   {listings / 'percentiles'}: pytest",
    ]
    assert report.splitlines()[-1].endswith("5 folder(s), 10 step(s) checked in " + str(listings) + ": all passed")


def test_failing_listings_name_the_page_that_shows_them(rootdir, tmp_path):
    book = copy_root(rootdir, "listings-broken", tmp_path)
    listings, page = book / "listings", book / "posts" / "broken.md"
    out = io.StringIO()
    status = run(listings, [book], out=out)
    report = out.getvalue().splitlines()
    assert status == 1
    # The compile error, with the compiler's own words, then the summary naming the page.
    assert "    vet: calc/calc.go:6:13: undefined: factor" in report
    assert "    FAILED test_mean.py::test_mean_of_two - assert 2.0 == 3.0" in report
    summary = [line for line in report if line.startswith(("FAILED", "PROBLEM"))]
    assert summary == [
        f"PROBLEM {listings / 'orphan' / 'loose.go'}: Go file outside any Go module (no go.mod above it): "
        f"nothing compiles it",
        f"PROBLEM {listings / 'orphan'}: nothing to run: expected a Go module (go.mod), a cargo project "
        f"(Cargo.toml), pytest tests (test_*.py) or records (records.toml)",
        f"FAILED {listings / 'broken-go'} (Go module): `go vet ./...` failed; shown in {page} "
        f"(line {include_line(page, 'calc.go')})",
        f"FAILED {listings / 'failing-python'} (pytest tests): `pytest` failed; shown in {page} "
        f"(line {include_line(page, 'mean.py')})",
    ]
    assert report[-1].endswith("2 failed, 2 problem(s)")


def test_command_line_exit_status_and_only(rootdir, tmp_path):
    book = copy_root(rootdir, "listings-broken", tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "tools.listings", "--docs", str(book), "--only", "failing-python", str(book / "listings")],
        cwd=REPOSITORY, capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "failing-python (pytest tests): `pytest` failed; shown in" in result.stdout
    assert "broken-go" not in result.stdout


def test_discover_reports_what_nothing_would_run(tmp_path):
    listing = tmp_path / "post"
    (listing / "go" / "pkg").mkdir(parents=True)
    (listing / "go" / "go.mod").write_text("module playbook.example/post\n\ngo 1.26.0\n\nrequire golang.org/x/sync v0.24.0\n")
    (listing / "go" / "pkg" / "a.go").write_text("package pkg\n")
    (listing / "rust" / "member" / "src").mkdir(parents=True)
    (listing / "rust" / "Cargo.toml").write_text("[workspace]\nmembers = ['member']\n")
    (listing / "rust" / "member" / "Cargo.toml").write_text("[package]\nname = 'member'\n")
    (listing / "rust" / "member" / "src" / "lib.rs").write_text("")
    (listing / "stray.rs").write_text("")
    (listing / "query.sql").write_text("SELECT 1;\n")

    projects, problems = discover(listing)
    assert projects == [Project("go", listing / "go"), Project("rust", listing / "rust")]
    assert problems == [
        f"{listing / 'query.sql'}: no test_*.py in {listing} runs it, and no record of its records.toml produces it",
        f"{listing / 'stray.rs'}: Rust file outside any cargo project (no Cargo.toml above it): nothing compiles it",
        f"{listing / 'rust'}: no Cargo.lock: dependencies must be pinned (run `cargo generate-lockfile` and commit it)",
        f"{listing / 'go'}: go.mod requires modules but there is no go.sum pinning them (run `go mod tidy`)",
    ]


def test_inclusions_resolve_myst_and_rst_paths(tmp_path):
    docs = tmp_path / "docs"
    (docs / "posts").mkdir(parents=True)
    (docs / "posts" / "a.md").write_text(
        "# A\n\n```{literalinclude} ../../listings/a/main.go\n:language: go\n```\n\n"
        ":::{literalinclude} /../listings/a/b.py\n:::\n"
    )
    (docs / "c.rst").write_text("C\n=\n\n.. literalinclude:: ../listings/c/c.sql\n")
    found = [(i.page.name, i.line, i.file) for i in inclusions([docs])]
    listings = (tmp_path / "listings").resolve()
    assert found == [  # pages in path order: docs/c.rst before docs/posts/a.md
        ("c.rst", 4, listings / "c" / "c.sql"),
        ("a.md", 3, listings / "a" / "main.go"),
        ("a.md", 7, listings / "a" / "b.py"),
    ]


def test_unknown_only_is_an_error(tmp_path):
    (tmp_path / "listings" / "post").mkdir(parents=True)
    out = io.StringIO()
    assert run(tmp_path / "listings", [], only=["nowhere"], out=out) == 2
    assert "no listing folder named nowhere" in out.getvalue()


def test_only_one_record_of_a_broken_manifest_reports_the_manifest_error(tmp_path):
    """Selecting one record of a folder whose records.toml cannot be read names what is wrong with
    the file, not a missing record."""
    folder = tmp_path / "listings" / "post"
    folder.mkdir(parents=True)
    (folder / "records.toml").write_text("[records.plan]\ncommand = [\n")
    out = io.StringIO()
    assert run(tmp_path / "listings", [], only=["post/plan"], out=out) == 1
    assert "records.toml" in out.getvalue()
    assert "declares no record named" not in out.getvalue()


def test_a_toolchain_that_cannot_be_run_is_named_with_the_reason(tmp_path):
    """A `cargo` that exists but may not be executed gets the runner's own message, not a traceback."""
    not_executable = tmp_path / "cargo"
    not_executable.write_text("#!/bin/sh\n")
    not_executable.chmod(0o644)
    project = Project("rust", tmp_path)
    result = run_step(Step(project, "cargo test --locked", (str(not_executable), "test", "--locked")))
    assert result.returncode == 127
    assert result.stdout == (
        f"{not_executable}: cannot be run (Permission denied); this listing needs cargo and rustc on PATH "
        "(the README's prerequisites say how to install each toolchain)"
    )


def test_only_packages_with_benchmarks_get_the_benchmark_step(tmp_path):
    module = tmp_path / "module"
    files = {
        "go.mod": "module example.com/m\n\ngo 1.26.0\n",
        "root_test.go": "package m\n\nimport \"testing\"\n\nfunc TestRoot(t *testing.T) {}\n",
        "fast/fast_test.go": "package fast\n\nimport \"testing\"\n\nfunc BenchmarkFast(b *testing.B) {}\n",
        "plain/plain_test.go": "package plain\n\nimport \"testing\"\n\nfunc TestPlain(t *testing.T) {}\n",
        "fast/testdata/x_test.go": "package x\n\nfunc BenchmarkIgnored() {}\n",
        "nested/go.mod": "module example.com/n\n\ngo 1.26.0\n",
        "nested/deep/n_test.go": "package deep\n\nimport \"testing\"\n\nfunc BenchmarkOther(b *testing.B) {}\n",
    }
    for name, text in files.items():
        (module / name).parent.mkdir(parents=True, exist_ok=True)
        (module / name).write_text(text)
    assert benchmark_packages(module) == ["./fast"]
    (module / "root_test.go").write_text("package m\n\nimport \"testing\"\n\nfunc BenchmarkRoot(b *testing.B) {}\n")
    assert benchmark_packages(module) == [".", "./fast"]

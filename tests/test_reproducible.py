"""Two clean builds of the same commit, at different times, from different folders and into
different folders, give byte-identical HTML, ePub and PDF: the session's shared build of the
repository, and one more of a copy of it.

Where the differences came from, and what pins them: the ePub's date and the zip entries' times
and modes (SOURCE_DATE_EPOCH, taken from the last commit by conf.py; playbook.reproducible);
Mermaid's rough.js curves (a fixed handDrawnSeed). LaTeX: xdvipdfmx of TeX Live 2022 takes the
PDF's /CreationDate from SOURCE_DATE_EPOCH and derives the trailer's /ID from it, so nothing in
the PDF is left unpinned on this machine; the test would show where it is on another TeX."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from book import ALL_FORMATS, book_environment, build, shared_build, snapshot
EPUB = Path("epub") / "BackendEngineersPlaybook.epub"
PDF = Path("latex") / "backend-engineers-playbook.pdf"


@pytest.fixture(scope="module")
def source():
    """A copy of the book's repository as it is when the test starts."""
    with tempfile.TemporaryDirectory(prefix="playbook-source-") as folder:
        yield snapshot(Path(folder) / "repository")


@pytest.fixture(scope="module")
def builds(source) -> tuple[Path, Path]:
    """The shared build of the repository, and a clean build of every format of the copy, with a
    diagram cache of its own (so Mermaid draws every picture again)."""
    with tempfile.TemporaryDirectory(prefix="playbook-second-") as second:
        yield shared_build(), build(Path(second), ALL_FORMATS, book_environment(), source)


def _last_commit_time(repository: Path) -> str:
    return subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=repository, capture_output=True, text=True, check=True
    ).stdout.strip()


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_the_html_is_byte_identical(builds):
    first, second = (_files(build / "html") for build in builds)
    assert len(first) > 50
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_the_epub_is_byte_identical(builds):
    first, second = ((build / EPUB).read_bytes() for build in builds)
    assert first == second


def test_the_epub_and_its_date_come_from_the_last_commit(source, builds):
    commit_time = _last_commit_time(source)
    commit_day = subprocess.run(
        ["date", "-u", "-d", f"@{commit_time}", "+%Y-%m-%d"], capture_output=True, text=True, check=True
    ).stdout.strip()
    with zipfile.ZipFile(builds[0] / EPUB) as epub:
        opf = epub.read("content.opf").decode()
        dates = {info.date_time for info in epub.infolist()}
        assert epub.infolist()[0].filename == "mimetype"
        assert epub.infolist()[0].compress_type == zipfile.ZIP_STORED
    assert f"<dc:date>{commit_day}" in opf
    assert len(dates) == 1
    assert "%04d-%02d-%02d" % next(iter(dates))[:3] == commit_day


def test_the_pdf_is_byte_identical(builds):
    first, second = ((build / PDF).read_bytes() for build in builds)
    if first != second:
        offset = next(index for index, (a, b) in enumerate(zip(first, second)) if a != b)
        pytest.fail(f"the PDFs first differ at byte {offset}: {first[offset - 80:offset + 40]!r} / {second[offset - 80:offset + 40]!r}")


def test_source_date_epoch_is_taken_from_the_last_commit_when_unset(source):
    """conf.py, not the clock, dates the build: run it as Sphinx does, without the variable."""
    script = "import runpy, os; runpy.run_path('conf.py'); print(os.environ['SOURCE_DATE_EPOCH'])"
    env = book_environment()
    printed = subprocess.run(
        [sys.executable, "-c", script], cwd=source, capture_output=True, text=True, env=env, check=True
    ).stdout.strip()
    assert printed == _last_commit_time(source)

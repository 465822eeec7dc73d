"""The real book, built strictly once per test session and shared by every module that asks."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
STRICT = ["-n", "-W", "--keep-going"]


def build(out: Path, builders: tuple[str, ...], env: dict[str, str] | None = None, source: Path = REPOSITORY) -> Path:
    """Build each of ``builders`` (Sphinx make-mode names) of the book in ``source`` into ``out``;
    fail on any warning."""
    for builder in builders:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-M", builder, "docs", str(out), "-c", ".", *STRICT, "-q"],
            cwd=source,
            capture_output=True,
            text=True,
            env=env,
        )
        if result.returncode != 0:
            raise AssertionError(f"{builder} build failed:\n{result.stderr[-6000:]}\n{result.stdout[-3000:]}")
    return out


@functools.cache
def shared_build(builders: tuple[str, ...] = ("html",)) -> Path:
    """One build per session for each set of builders, removed when the session ends."""
    out = Path(tempfile.mkdtemp(prefix="playbook-book-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    return build(out, builders, env=without_source_date_epoch())


def without_source_date_epoch() -> dict[str, str]:
    """The environment with SOURCE_DATE_EPOCH removed: conf.py then takes it from the last commit."""
    return {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}


def artifacts_dir() -> Path:
    """test-artifacts/ at the repository's root (git-ignored): screenshots and printed pages."""
    folder = REPOSITORY / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


def snapshot(target: Path) -> Path:
    """A copy of the repository as it is now (sources, extension, listings, git history), with
    the installed node_modules linked in: builds from it cannot see later edits or commits."""
    shutil.copytree(
        REPOSITORY,
        target,
        symlinks=True,
        ignore=shutil.ignore_patterns("_build", "node_modules", ".venv", "test-artifacts", ".pytest_cache", "__pycache__"),
    )
    (target / "node_modules").symlink_to(REPOSITORY / "node_modules")
    return target

"""The real book, built strictly in all three formats once per test session and shared by every
test that reads it (only the reproducibility test builds a second copy)."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
STRICT = ["-n", "-W", "--keep-going"]
# As `make all` builds them: the HTML last, so that its pages link to the PDF and the ePub it copies.
ALL_FORMATS = ("latexpdf", "epub", "html")


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
def shared_build() -> Path:
    """The session's one build of every format, removed when the session ends."""
    out = Path(tempfile.mkdtemp(prefix="playbook-book-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    return build(out, ALL_FORMATS, env=book_environment())


def book_environment() -> dict[str, str]:
    """The environment of a real build, as `make` gives it: without SOURCE_DATE_EPOCH (conf.py takes
    it from the last commit) and with the book's own diagram cache beside its build folder (not the
    one the test suite shares among its tiny books)."""
    return {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "PLAYBOOK_DIAGRAM_CACHE")}


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


def conf_value(name: str):
    """A literal value conf.py assigns (read, not run: running conf.py sets the environment)."""
    import ast

    for statement in ast.parse((REPOSITORY / "conf.py").read_text(encoding="utf-8")).body:
        if isinstance(statement, ast.Assign) and any(getattr(target, "id", None) == name for target in statement.targets):
            return ast.literal_eval(statement.value)
    raise KeyError(name)

"""The book's git history: the date of the last commit (for reproducible builds) and each page's
"last updated" date (sphinx-last-updated-by-git).

A source tree without git history (a downloaded archive, or no ``git`` installed) or a shallow
clone deeper than its history still builds strictly: the pages whose date cannot be known carry
none, and the build log says so once, instead of a warning per page.
"""

from __future__ import annotations

import subprocess
from enum import Enum
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


class History(Enum):
    FULL = "full"
    SHALLOW = "shallow"
    NONE = "none"


def _git(root: Path, *args: str) -> str | None:
    """The output of a git command run in ``root``, or None without git or a repository."""
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def history_of(root: Path) -> History:
    # One git run (every build pays for it): "true"/"false", then HEAD's commit; it fails without one.
    answer = _git(root, "rev-parse", "--is-shallow-repository", "HEAD")
    if answer is None:
        return History.NONE
    return History.SHALLOW if answer.splitlines()[0] == "true" else History.FULL


def last_commit_time(root: Path) -> str | None:
    """Seconds since the epoch of the last commit, as text (SOURCE_DATE_EPOCH's form), or None."""
    return _git(root, "log", "-1", "--format=%ct") or None


# What sphinx-last-updated-by-git warns, page by page or folder by folder, when history is missing.
_NOTES = {
    History.NONE: (("git.subprocess_error", "git.command_not_found"),
                   "no git history here, so pages carry no 'last updated' date"),
    History.SHALLOW: (("git.too_shallow",),
                      "shallow git clone: pages last changed before its oldest commit carry no 'last updated' date"),
}


def setup(app: Sphinx) -> dict:
    # sphinx-sitemap loads it too (for <lastmod>); its warnings about missing history become one note.
    app.setup_extension("sphinx_last_updated_by_git")
    history = history_of(Path(app.confdir))
    if history in _NOTES:
        warnings, note = _NOTES[history]
        app.config.suppress_warnings = [*app.config.suppress_warnings, *warnings]
        logger.info("playbook: %s", note)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

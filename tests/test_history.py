"""playbook.history: each page's "last updated" date comes from git, and a book without git history
(a downloaded archive) or with too little of it (a shallow clone) still builds strictly, with one
note in the log instead of a warning per page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sphinx.util.console import strip_colors

ROOT = Path(__file__).parent / "roots" / "test-history"
DATE = "Last updated on"


def git(folder: Path, *args: str, date: str | None = None) -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=folder, check=True, capture_output=True, env={**env, "PATH": "/usr/bin:/bin"},
    )


def book_with_history(folder: Path) -> Path:
    """Three commits: old.md last changed in the first (2020), index.md in the last (2024)."""
    shutil.copytree(ROOT, folder)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "first", date="2020-01-02T03:04:05Z")
    for paragraph, date in (("A second paragraph.", "2022-03-04T05:06:07Z"), ("A third paragraph.", "2024-06-07T08:09:10Z")):
        (folder / "index.md").write_text((folder / "index.md").read_text() + f"\n{paragraph}\n")
        git(folder, "commit", "-q", "-am", paragraph, date=date)
    return folder


def build(make_app, srcdir: Path):
    app = make_app("html", srcdir=srcdir, warningiserror=True)
    app.build()
    return app


def notes(app) -> list[str]:
    return [line for line in strip_colors(app.status.getvalue()).splitlines() if line.startswith("playbook:")]


def test_pages_carry_the_date_of_their_last_commit(make_app, tmp_path):
    app = build(make_app, book_with_history(tmp_path / "book"))
    assert app.warning.getvalue() == ""
    assert notes(app) == []
    assert f"{DATE} 07 June 2024" in (app.outdir / "index.html").read_text()
    assert f"{DATE} 02 January 2020" in (app.outdir / "old.html").read_text()
    assert "<lastmod>2020-01-02T03:04:05Z</lastmod>" in (app.outdir / "sitemap.xml").read_text()


def test_a_book_without_git_builds_strictly_with_one_note(make_app, tmp_path):
    srcdir = tmp_path / "archive"
    shutil.copytree(ROOT, srcdir)  # pytest's temporary folders are outside any repository
    app = build(make_app, srcdir)
    assert app.warning.getvalue() == ""
    assert notes(app) == ["playbook: no git history here, so pages carry no 'last updated' date"]
    assert DATE not in (app.outdir / "index.html").read_text()
    assert "<lastmod>" not in (app.outdir / "sitemap.xml").read_text()


def test_a_shallow_clone_builds_strictly_and_dates_what_it_can(make_app, tmp_path):
    origin = book_with_history(tmp_path / "origin")
    clone = tmp_path / "clone"
    # Two commits deep: index.md's last change is in it; old.md's is older than the clone.
    git(tmp_path, "clone", "-q", "--depth", "2", origin.as_uri(), str(clone))
    app = build(make_app, clone)
    assert app.warning.getvalue() == ""
    assert notes(app) == [
        "playbook: shallow git clone: pages last changed before its oldest commit carry no 'last updated' date"
    ]
    assert f"{DATE} 07 June 2024" in (app.outdir / "index.html").read_text()
    assert DATE not in (app.outdir / "old.html").read_text()

"""furo's sidebar resolved once per folder (playbook.navigation): the pages are byte for byte the
ones furo writes when it resolves the navigation for every page, and far fewer resolutions run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.builders.html import StandaloneHTMLBuilder

from playbook.navigation import FURO_NAVIGATION, mark_current

ROOTS = Path(__file__).parent / "roots"


def build_counting_resolutions(make_app, srcdir: Path, per_folder: bool, monkeypatch) -> tuple[dict[str, str], int]:
    """Every HTML page of the archive book in furo, and how often the sidebar was resolved."""
    calls = []
    resolve = StandaloneHTMLBuilder._get_local_toctree

    def counting(self, docname, collapse=True, **kwargs):
        if {"collapse": collapse, **kwargs} == FURO_NAVIGATION:
            calls.append(docname)
        return resolve(self, docname, collapse, **kwargs)

    monkeypatch.setattr(StandaloneHTMLBuilder, "_get_local_toctree", counting)
    app = make_app("html", srcdir=srcdir, confoverrides={
        "html_theme": "furo",
        "extensions": ["myst_parser", "sphinx_design", "notfound.extension", "playbook"],  # the 404 page too
        "notfound_urls_prefix": "/en/latest/",
        "playbook_navigation_per_folder": per_folder,
    })
    try:
        app.build()
    finally:
        app.cleanup()
    outdir = Path(app.outdir)
    return {str(path.relative_to(outdir)): path.read_text() for path in sorted(outdir.rglob("*.html"))}, len(calls)


def test_pages_equal_furos_own_with_one_resolution_per_folder(make_app, tmp_path, monkeypatch):
    per_page_src = shutil.copytree(ROOTS / "test-catalog-archive", tmp_path / "per-page")
    per_folder_src = shutil.copytree(ROOTS / "test-catalog-archive", tmp_path / "per-folder")
    per_page, per_page_resolutions = build_counting_resolutions(make_app, per_page_src, False, monkeypatch)
    per_folder, per_folder_resolutions = build_counting_resolutions(make_app, per_folder_src, True, monkeypatch)

    assert per_folder.keys() == per_page.keys()
    assert [page for page in per_page if per_folder[page] != per_page[page]] == []
    # The book's folders ("", posts, topics), against one resolution per page (the 404 page's
    # own toctree() is sphinx-notfound-page's, which this count does not see).
    assert per_folder_resolutions == 3
    assert per_page_resolutions == len(per_page) - 1 >= 25
    assert 'href="/en/latest/posts/go-concurrency-patterns-i-use-in-every-service.html"' in per_folder["404.html"]
    # The comparison covers what marking does: a post open under its chapter, a chapter with posts.
    post = per_folder["posts/go-concurrency-patterns-i-use-in-every-service.html"]
    assert 'class="toctree-l2 current current-page"><a class="current reference internal" href="#">' in post
    assert "checked=" in post
    chapter = per_folder["topics/backend.html"]  # every archive post is in the Backend chapter
    assert 'class="toctree-l1 current has-children current-page"' in chapter


NAVIGATION = (
    '<ul>\n<li class="toctree-l1"><a class="reference internal" href="journal.html">Journal</a></li>\n</ul>\n'
    '<ul>\n<li class="toctree-l1 has-children"><a class="reference internal" href="topics/go.html">Go</a>'
    '<input aria-label="Toggle navigation of Go" class="toctree-checkbox" id="toctree-checkbox-1" '
    'name="toctree-checkbox-1" role="switch" type="checkbox"/><label for="toctree-checkbox-1"></label><ul>\n'
    '<li class="toctree-l2"><a class="reference internal" href="posts/a.html">A</a></li>\n'
    '<li class="toctree-l2"><a class="reference internal" href="posts/b.html">B</a></li>\n</ul>\n</li>\n</ul>\n'
)


def test_marking_a_post_opens_its_chapter_and_marks_only_its_branch():
    marked = mark_current(NAVIGATION, "posts/b.html")
    assert marked == (
        '<ul>\n<li class="toctree-l1"><a class="reference internal" href="journal.html">Journal</a></li>\n</ul>\n'
        '<ul class="current">\n<li class="toctree-l1 current has-children"><a class="reference internal" href="topics/go.html">Go</a>'
        '<input aria-label="Toggle navigation of Go" checked="" class="toctree-checkbox" id="toctree-checkbox-1" '
        'name="toctree-checkbox-1" role="switch" type="checkbox"/><label for="toctree-checkbox-1"></label><ul class="current">\n'
        '<li class="toctree-l2"><a class="reference internal" href="posts/a.html">A</a></li>\n'
        '<li class="toctree-l2 current current-page"><a class="current reference internal" href="#">B</a></li>\n</ul>\n</li>\n</ul>\n'
    )


@pytest.mark.parametrize(("link", "expected"), [("index.html", NAVIGATION), ("posts/c.html", NAVIGATION)])
def test_a_page_the_navigation_does_not_show_gets_it_unmarked(link, expected):
    assert mark_current(NAVIGATION, link) == expected


def test_a_page_shown_twice_is_left_to_furo():
    twice = NAVIGATION.replace('href="posts/a.html">A', 'href="posts/b.html">B again')
    assert mark_current(twice, "posts/b.html") is None

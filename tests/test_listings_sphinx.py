"""The book side of code listings (playbook/listings.py): what a page may show, and how."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main
from sphinx.util.console import strip_escape_sequences


def line_of(page: Path, text: str) -> int:
    """The 1-based number of the line of ``page`` that starts with ``text`` (it must be unique)."""
    numbers = [n for n, line in enumerate(page.read_text().splitlines(), start=1) if line.startswith(text)]
    assert len(numbers) == 1, f"{text!r} should start exactly one line of {page}, found {numbers}"
    return numbers[0]


def errors(warning_stream) -> list[str]:
    return [line for line in strip_escape_sequences(warning_stream.getvalue()).splitlines() if line.strip()]


@pytest.mark.sphinx("html", testroot="listings")
def test_book_of_tested_listings_builds_cleanly(app):
    app.build()
    assert errors(app.warning) == []
    backoff = (app.outdir / "posts" / "backoff.html").read_text()
    assert "Delay" in backoff and "ExampleDelay" in backoff
    assert "ANCHOR" not in backoff  # anchors select the listing's part, and are not shown
    # The plan the page shows is the record the runner compares with a fresh plan.
    plan = (app.srcdir / "listings" / "orders-index" / "records" / "plan.txt").read_text().splitlines()[1].strip()
    assert plan.split()[0] in (app.outdir / "posts" / "orders-index.html").read_text()
    checksum = (app.outdir / "posts" / "checksum.html").read_text()
    assert "adler32" in checksum and "Wikipedia -&gt; 0x11E60398" in checksum  # the record of the example's run
    assert "nearest_rank" in (app.outdir / "posts" / "percentiles.html").read_text()


@pytest.mark.sphinx("html", testroot="listings")
def test_editing_a_listing_rebuilds_only_the_page_that_shows_it(app):
    app.build()
    listing = app.srcdir / "listings" / "percentiles" / "percentiles.py"
    listing.write_text(listing.read_text().replace("The smallest sample", "The smallest measured sample"))
    app.status.seek(0)
    app.status.truncate()

    app.build()  # incremental: the same environment, only what changed is read again
    assert errors(app.warning) == []
    assert "The smallest measured sample" in (app.outdir / "posts" / "percentiles.html").read_text()
    read = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", strip_escape_sequences(app.status.getvalue()))
    assert read == ["posts/percentiles"]


WITH_INCREMENTAL = {"extensions": ["myst_parser", "playbook.listings", "playbook.recorded", "playbook.incremental"]}


@pytest.mark.sphinx("html", testroot="listings", confoverrides=WITH_INCREMENTAL)
def test_a_page_that_another_builder_re_read_is_written_again(app, make_app):
    # `make pdf` between two `make html`: the three builders share one doctree folder.
    app.build()
    listing = app.srcdir / "listings" / "percentiles" / "percentiles.py"
    listing.write_text(listing.read_text().replace("The smallest sample", "The smallest measured sample"))
    builddir = app.outdir.parent
    # The LaTeX build re-reads the page and writes its doctree...
    make_app("latex", srcdir=app.srcdir, builddir=builddir, confoverrides=WITH_INCREMENTAL).build()

    # ...so the next HTML build has nothing to read, and must still write the page again.
    make_app("html", srcdir=app.srcdir, builddir=builddir, confoverrides=WITH_INCREMENTAL).build()
    assert "The smallest measured sample" in (app.outdir / "posts" / "percentiles.html").read_text()


@pytest.mark.sphinx("html", testroot="listings-missing-anchor")
def test_missing_anchor_names_the_file_and_the_anchor(app):
    app.build()
    page = app.srcdir / "posts" / "page.md"
    line = line_of(page, ":start-after: \"# ANCHOR: greeting\"") - 2  # the directive's opening fence
    assert errors(app.warning) == [
        f"{page}:{line}: ERROR: literalinclude of listings/demo/greet.py: the :start-after: anchor "
        f"'# ANCHOR: greeting' is not in the file; expected a line containing it, found none "
        f"(anchors in the file: greet). [playbook.listing]",
        f"{page}:{line}: ERROR: literalinclude of listings/demo/greet.py: the :end-before: anchor "
        f"'# ANCHOR_END: greeting' is not in the file; expected a line containing it, found none "
        f"(anchors in the file: greet). [playbook.listing]",
    ]
    html = (app.outdir / "posts" / "page.html").read_text()
    assert html.count("Hello, ") == 1  # the good include is shown once; the broken one not at all


@pytest.mark.sphinx("html", testroot="listings-inline")
def test_code_typed_inline_fails_unless_allowed(app):
    app.build()
    page = app.srcdir / "posts" / "page.md"
    allowed = "console, http, ini, json, md, text, toml, yaml"
    assert errors(app.warning) == [
        f"{page}:{line_of(page, '```go')}: ERROR: inline code block in 'go'; code in a programming "
        f"language must be included with literalinclude from a tested listing under listings/; inline "
        f"blocks are allowed only in {allowed} [playbook.listing]",
        f"{page}:{line_of(page, '```{code-block} python')}: ERROR: inline code block in 'python'; code "
        f"in a programming language must be included with literalinclude from a tested listing under "
        f"listings/; inline blocks are allowed only in {allowed} [playbook.listing]",
        f"{page}:{_bare_fence_line(page)}: ERROR: code block "
        f"without a language; expected a fence labelled with one of the inline languages ({allowed}), or "
        f"code included from a tested listing under listings/ with literalinclude [playbook.listing]",
        f"{page}:{line_of(page, '```{literalinclude} ../snippets/untested.go')}: ERROR: literalinclude of "
        f"snippets/untested.go in 'go': code in a programming language must come from a tested listing "
        f"under listings/, found a file outside it [playbook.listing]",
        f"{page}:{line_of(page, '```{literalinclude} ../listings/demo/main.go')}: ERROR: literalinclude of "
        f"listings/demo/main.go has no :language: option; expected one, e.g. ':language: go', so that the "
        f"listing is highlighted in its own language [playbook.listing]",
    ]


def _bare_fence_line(page: Path) -> int:
    """The opening line of the one fence without a language: a bare ``` followed by text."""
    lines = page.read_text().splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line == "```" and lines[n] == "no language")


@pytest.mark.sphinx(
    "html", testroot="listings-inline",
    confoverrides={"playbook_inline_languages": ["console", "text", "http", "yaml", "toml", "ini", "json", "go"]},
)
def test_inline_languages_are_configurable(app):
    app.build()
    assert not any("inline code block in 'go'" in line for line in errors(app.warning))
    assert any("inline code block in 'python'" in line for line in errors(app.warning))


def test_strict_build_with_inline_code_fails(rootdir, tmp_path):
    source = rootdir / "test-listings-inline"
    status = build_main(["-b", "html", str(source), str(tmp_path / "out"), "-n", "-W", "--keep-going", "-q"])
    assert status != 0


def test_strict_build_of_the_tested_listings_succeeds(rootdir, tmp_path):
    source = rootdir / "test-listings"
    status = build_main(["-b", "html", str(source), str(tmp_path / "out"), "-n", "-W", "--keep-going", "-q"])
    assert status == 0

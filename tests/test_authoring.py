"""The Authoring page's directives (playbook/authoring.py): the front matter's table comes from the
schema, and the examples are built, so that a wrong example fails the build."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.util.console import strip_colors

from playbook.catalog.schema import MYST_KEYS, schema_rows

ROOT = Path(__file__).parent / "roots" / "test-authoring"


def build(make_app, srcdir: Path):
    app = make_app("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def errors(app, srcdir: Path) -> list[str]:
    return [line.replace(str(srcdir), "SRC") for line in strip_colors(app.warning.getvalue()).splitlines()]


def test_the_schema_table_is_the_schema(make_app, tmp_path):
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    app = build(make_app, srcdir)
    page = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    rows = [[cell.get_text().replace("’", "'") for cell in row.find_all(["td", "th"])] for row in page.find("table").find_all("tr")]
    assert rows[0] == ["key", "required", "what it holds"]
    assert rows[1:] == [[name, required, meaning.replace("`", "")] for name, required, meaning in schema_rows()]
    after = page.find("table").find_next_sibling("p").get_text()
    assert all(key in after for key in MYST_KEYS) and after.startswith("No other keys are allowed")


def test_examples_are_shown_as_typed_and_built_as_in_a_post(make_app, tmp_path):
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    app = build(make_app, srcdir)
    assert errors(app, srcdir) == [
        "SRC/broken.md:5: ERROR: front matter example: date: expected a date that exists in the calendar, found "
        "'2021-02-30' (day is out of range for month) [playbook.authoring]",
        "SRC/broken.md:6: ERROR: front matter example: topics: expected a topic key declared in playbook_topics "
        "(did you mean 'go'?), found 'golang' [playbook.authoring]",
        "SRC/broken.md:11: WARNING: Include file 'SRC/listings/demo/bucket.py' not found or reading it failed [docutils]",
        "SRC/broken.md:17: ERROR: literalinclude of listings/demo/greet.py: the :start-after: anchor '# ANCHOR: take' "
        "is not in the file; expected a line containing it, found none (anchors in the file: greet). [playbook.listing]",
        "SRC/broken.md:17: ERROR: literalinclude of listings/demo/greet.py: the :end-before: anchor '# ANCHOR_END: take' "
        "is not in the file; expected a line containing it, found none (anchors in the file: greet). [playbook.listing]",
    ]
    index = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    assert index.select_one("div.highlight-yaml").get_text().splitlines()[:2] == ["---", 'title: "Greetings"']
    markup = index.select_one("div.highlight-md").get_text()
    assert markup.startswith("```{literalinclude} ../listings/demo/greet.py")
    assert "def greet" not in index.get_text()  # the page shows the markup, not what it builds


def test_an_edit_to_an_examples_listing_checks_the_example_again(make_app, tmp_path):
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    build(make_app, srcdir)
    listing = srcdir / "listings" / "demo" / "greet.py"
    listing.write_text(listing.read_text().replace("ANCHOR: greet", "ANCHOR: hello").replace("ANCHOR_END: greet", "ANCHOR_END: hello"))
    app = build(make_app, srcdir)
    assert [line for line in errors(app, srcdir) if line.startswith("SRC/index.md")] == [
        "SRC/index.md:15: ERROR: literalinclude of listings/demo/greet.py: the :start-after: anchor '# ANCHOR: greet' "
        "is not in the file; expected a line containing it, found none (anchors in the file: hello). [playbook.listing]",
        "SRC/index.md:15: ERROR: literalinclude of listings/demo/greet.py: the :end-before: anchor '# ANCHOR_END: greet' "
        "is not in the file; expected a line containing it, found none (anchors in the file: hello). [playbook.listing]",
    ]

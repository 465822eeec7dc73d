"""The theme's templates compiled once (playbook.template_cache): a later build loads furo's
compiled templates instead of compiling them again, writes the same pages, and compiles a
template again when its source changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2

ROOTS = Path(__file__).parent / "roots"
OVERRIDE = '{%% extends "!page.html" %%}{%% block extrahead %%}<meta name="edition" content="%s">{%% endblock %%}'


def build_counting_compiles(make_app, srcdir: Path, monkeypatch) -> tuple[dict[str, str], list[str]]:
    """Every page of a fresh build (a new environment, the doctree folder kept), and the names of
    the template files compiled in it."""
    compiled = []
    compile_template = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        if filename is not None:  # a template file, not a string rendered once
            compiled.append(name)
        return compile_template(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    app = make_app("html", srcdir=srcdir, freshenv=True, confoverrides={"html_theme": "furo", "templates_path": ["_templates"]})
    try:
        app.build()
    finally:
        app.cleanup()
    outdir = Path(app.outdir)
    return {str(path.relative_to(outdir)): path.read_text() for path in sorted(outdir.rglob("*.html"))}, compiled


def test_a_later_build_compiles_no_template_and_writes_the_same_pages(make_app, tmp_path, monkeypatch):
    srcdir = shutil.copytree(ROOTS / "test-catalog-small", tmp_path / "book")
    (srcdir / "_templates").mkdir()
    (srcdir / "_templates" / "page.html").write_text(OVERRIDE % "first")

    first_pages, first_compiled = build_counting_compiles(make_app, srcdir, monkeypatch)
    later_pages, later_compiled = build_counting_compiles(make_app, srcdir, monkeypatch)

    assert {"page.html", "!page.html", "base.html"} <= set(first_compiled)
    assert later_compiled == []
    assert later_pages == first_pages
    assert '<meta name="edition" content="first">' in first_pages["index.html"]

    # An edited template is compiled again (its cached code no longer matches its source).
    (srcdir / "_templates" / "page.html").write_text(OVERRIDE % "second")
    edited_pages, edited_compiled = build_counting_compiles(make_app, srcdir, monkeypatch)
    assert edited_compiled == ["page.html"]
    assert '<meta name="edition" content="second">' in edited_pages["index.html"]

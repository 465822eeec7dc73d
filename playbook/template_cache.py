"""The theme's Jinja templates compiled once and kept beside the doctrees.

Sphinx compiles furo's templates into Python code in every build, a fifth of a one-post edit's
rebuild. Jinja's own bytecode cache keeps the compiled code on disk and compiles a template again
when its source changes (each entry carries its source's checksum). The folder is named after the
Jinja version, whose compiled code another version may not run; it sits in the doctree folder, so
that a clean build (``make clean``) starts without it.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from sphinx.application import Sphinx
from sphinx.jinja2glue import BuiltinTemplateLoader


def keep_compiled_templates(app: Sphinx) -> None:
    """``builder-inited``: the builder's template environment gets a bytecode cache."""
    templates = getattr(app.builder, "templates", None)
    if not isinstance(templates, BuiltinTemplateLoader):
        return
    folder = Path(app.doctreedir, f"jinja-{jinja2.__version__}")
    folder.mkdir(parents=True, exist_ok=True)
    templates.environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", keep_compiled_templates)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

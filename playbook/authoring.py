"""Directives of the Authoring page: what it says about front matter comes from the schema, and its
examples are built, so that the page cannot drift from what the build accepts.

- ``{front-matter-schema}``: the table of the front matter's keys, and the keys MyST adds,
  generated from :data:`playbook.catalog.schema.SCHEMA`.
- ``{front-matter-example}``: a post's front matter (the lines between its ``---`` lines), shown
  as YAML and checked against the schema and the topic vocabulary.
- ``{markup-example} <docname>``: MyST markup shown as typed, and built as if it were written in
  document ``<docname>`` (relative paths start from there) with the checks a page gets: an
  include of a file or an anchor that does not exist fails the build.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .catalog.records import vocabulary_from_config
from .catalog.schema import MYST_KEYS, Context, read_post, schema_rows
from .listings import report_code_blocks

logger = logging.getLogger(__name__)


class FrontMatterSchema(SphinxDirective):
    """The front matter's keys as a table: key, whether it is required, what it holds."""

    def run(self) -> list[nodes.Node]:
        lines = ["| key | required | what it holds |", "|---|---|---|"]
        lines += [f"| `{name}` | {required} | {meaning} |" for name, required, meaning in schema_rows()]
        myst = [f"`{key}`" for key in MYST_KEYS]
        lines += [
            "",
            f"No other keys are allowed (MyST's own {', '.join(myst[:-1])} and {myst[-1]} excepted), so that a "
            "misspelt key is caught rather than ignored.",
        ]
        return self.parse_text_to_nodes("\n".join(lines))


class FrontMatterExample(SphinxDirective):
    """A post's front matter without its ``---`` lines, shown with them, checked as a post's."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        text = "\n".join(["---", *self.content, "---"])
        block = nodes.literal_block(text, text, language="yaml")
        self.set_source_info(block)
        context = Context(vocabulary_from_config(self.config.playbook_topics), today=date.today())
        _post, problems = read_post(self.env.docname, text + "\n", context)
        # MyST gives the directive's line and the content's offset from it (docutils' offset is
        # absolute); the example's line 1 is the '---' before the content, shown on the fence line.
        first = self.lineno + 1 + self.content_offset
        for problem in problems:
            line = first + problem.line - 2
            logger.error(
                "front matter example: %s", problem.message(),
                location=(self.env.docname, line), type="playbook", subtype="authoring",
            )
        return [block]


class MarkupExample(SphinxDirective):
    """MyST markup shown as typed, and built as if written in the document given as argument."""

    has_content = True
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        text = "\n".join(self.content)
        block = nodes.literal_block(text, text, language="md")
        self.set_source_info(block)
        with self._as_if_in(self.arguments[0]):
            built = nodes.container("", *self.parse_content_to_nodes())
        report_code_blocks(self.config, built)  # what the page would show must be a tested listing
        return [block]  # the page shows the markup; the built nodes were made for their errors

    @contextmanager
    def _as_if_in(self, docname: str):
        """Parse as document ``docname``; the files the example depends on (an included listing)
        become dependencies of this page, so that an edit to them checks the example again."""
        env = self.env
        here = env.docname
        dependencies = env.dependencies
        had = docname in dependencies
        before = set(dependencies.get(docname, ()))
        env.current_document.docname = docname
        try:
            yield
        finally:
            env.current_document.docname = here
            added = dependencies.get(docname, set()) - before
            if had:
                dependencies[docname] = before
            else:
                dependencies.pop(docname, None)
            dependencies[here].update(added)


def setup(app: Sphinx) -> dict:
    app.setup_extension("playbook.config")  # playbook_topics
    app.add_directive("front-matter-schema", FrontMatterSchema)
    app.add_directive("front-matter-example", FrontMatterExample)
    app.add_directive("markup-example", MarkupExample)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

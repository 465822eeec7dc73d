"""No raw markup in the book's pages: every page is written from Markdown, which each builder escapes.

MyST passes HTML typed in Markdown (a tag in a heading or a paragraph, an HTML block, an HTML
comment) through to the page as it is, and ``{raw}`` does the same for any format's markup. Either
would put live elements (a script, a form) into the page, into its table of contents, into every
page's sidebar and into the ePub. So raw markup is an error naming the file and the line, and it
is taken out of the page (the text around it stays). Markup meant as text goes in a code span or
after a backslash (``\\<``); a comment is a line starting with ``%``.
"""

from __future__ import annotations

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: How much of each piece of raw markup a message quotes.
QUOTED_CHARS = 40
_FORMAT_NAMES = {"html": "HTML", "latex": "LaTeX"}


class RemoveRawMarkup(SphinxTransform):
    """Report every raw node of a page, one message per source line, and remove it."""

    # After the catalog's check of a post's heading (400), which compares the heading as typed.
    default_priority = 700

    def apply(self) -> None:
        by_line: dict[tuple[str | None, int | None], list[nodes.raw]] = {}
        for node in self.document.findall(nodes.raw):
            by_line.setdefault(get_source_line(node), []).append(node)
        for found in by_line.values():
            formats = sorted({_FORMAT_NAMES.get(name, name) for node in found for name in node.get("format", "").split()})
            pieces = ", ".join(f"'{_shortened(node.astext())}'" for node in found)
            logger.error(
                "raw markup: expected Markdown (markup shown as text goes in `code` or after a backslash, "
                "\\<; a comment is a line starting with %%), found raw %s %s",
                " and ".join(formats) or "markup", pieces, location=found[0], type="playbook", subtype="markup",
            )
            for node in found:
                node.parent.remove(node)


def _shortened(markup: str) -> str:
    text = " ".join(markup.split())
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"


def setup(app: Sphinx) -> dict:
    app.add_transform(RemoveRawMarkup)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

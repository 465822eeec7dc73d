"""Each page loads the stylesheets and scripts of the extensions it uses, not every extension's.

Sphinx extensions add their files to every page. sphinx-design's (62 KB) serve only the pages
that hold its components (the landing page's topic cards), and the copy button's (20 KB) only the
pages with code blocks. A page whose body has no element of an extension is written without that
extension's files; every other file stays where Sphinx put it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


@dataclass(frozen=True)
class PageFeature:
    """An extension's files, and the markup in a page's body that shows the page uses them."""

    files: frozenset[str]
    used_by: re.Pattern[str]

    def used_in(self, body: str) -> bool:
        return bool(self.used_by.search(body))


FEATURES = (
    PageFeature(  # sphinx-design: every component carries an sd- class
        frozenset({"sphinx-design.min.css", "design-tabs.js"}),
        re.compile(r'class="(?:[^"]*\s)?sd-'),
    ),
    PageFeature(  # sphinx-copybutton: a button on each highlighted code block
        frozenset({"copybutton.css", "copybutton.js", "clipboard.min.js"}),
        re.compile(r'class="(?:[^"]*\s)?highlight(?:\s[^"]*)?"'),
    ),
)


def unused_files(body: str) -> frozenset[str]:
    """The file names of the features a page with this body does not use."""
    return frozenset().union(*(feature.files for feature in FEATURES if not feature.used_in(body)))


def _leave_out_unused(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    unused = unused_files(context.get("body", ""))
    if not unused:
        return
    # New lists: the builder shares its own between pages.
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if asset.filename.rsplit("/", 1)[-1] not in unused]


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _leave_out_unused)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Code listings: every program a reader sees is included from a tested file under ``listings/``.

- ``literalinclude`` is replaced by ``ListingInclude``: a start or end pattern (an anchor comment such
  as ``// ANCHOR: stage``) that is missing from the file is an error naming the file, the anchor and the
  anchors the file does have, rather than Sphinx's bare "start-after pattern not found".
- After reading a page, every code block in it must be either a ``literalinclude`` of a file under
  ``playbook_listings_dir`` (which ``tools/listings`` compiles and tests), or in one of the
  ``playbook_inline_languages`` (shell sessions, program output, configuration). Anything else is
  an error naming the page, the line and the language.

Sphinx's ``literalinclude`` records the included file as a dependency of the page, so editing a
listing rebuilds the pages that show it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import LiteralInclude
from sphinx.util import logging

logger = logging.getLogger(__name__)

# What MyST and docutils give a block that names no language.
UNLABELLED = {"", "default", "none"}
ANCHOR_OPTIONS = ("start-after", "start-at", "end-before", "end-at")
ANCHOR_NAME = re.compile(r"ANCHOR(?:_END)?:\s*(\S+)")
# Set on the literal_block of every literalinclude: the included file, as an absolute path.
LISTING_ATTRIBUTE = "playbook_listing"


class ListingInclude(LiteralInclude):
    """``literalinclude`` whose missing anchors are errors naming the file and the anchor."""

    def run(self) -> list[nodes.Node]:
        rel_filename, filename = self.env.relfn2path(self.arguments[0])
        missing = _missing_anchors(Path(filename), self.options)
        if missing:
            self.env.note_dependency(rel_filename)  # fixing the listing must re-read this page
            for option, pattern, anchors in missing:
                logger.error(
                    "literalinclude of %s: the :%s: anchor %r is not in the file; expected a line "
                    "containing it, found none (anchors in the file: %s).",
                    _shown(Path(filename), listings_folder(self.config)), option, pattern, ", ".join(anchors) or "none",
                    location=self.get_location(), type="playbook", subtype="listing",
                )
            return []
        result = super().run()
        for node in result:
            for block in node.findall(nodes.literal_block):
                block[LISTING_ATTRIBUTE] = filename
        return result


def _missing_anchors(path: Path, options: dict) -> list[tuple[str, str, list[str]]]:
    """The start/end patterns of ``options`` that no line of ``path`` contains (unreadable: none;
    Sphinx reports a missing file itself)."""
    wanted = [(option, options[option]) for option in ANCHOR_OPTIONS if option in options]
    if not wanted:
        return []
    try:
        text = path.read_text(encoding=options.get("encoding", "utf-8-sig"))
    except (OSError, UnicodeError):
        return []
    lines = text.splitlines()
    anchors = list(dict.fromkeys(ANCHOR_NAME.findall(text)))
    return [(option, pattern, anchors) for option, pattern in wanted if not any(pattern in line for line in lines)]


def check_code_blocks(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: report every code block of the page that is neither inline-allowed nor a
    tested listing."""
    report_code_blocks(app.config, doctree)


def report_code_blocks(config: Config, tree: nodes.Node) -> None:
    """Report every code block in ``tree`` that is neither inline-allowed nor a tested listing."""
    allowed = sorted(config.playbook_inline_languages)
    listings_dir = listings_folder(config)
    for block in tree.findall(nodes.literal_block):
        language = str(block.get("language", "")).lower()
        included = block.get(LISTING_ATTRIBUTE)
        if included is not None:
            problem = _included_block_problem(Path(included), language, listings_dir, allowed)
        elif language in UNLABELLED:
            problem = (
                f"code block without a language; expected a fence labelled with one of the inline "
                f"languages ({', '.join(allowed)}), or code included from a tested listing under "
                f"{listings_dir.name}/ with literalinclude"
            )
        elif language not in allowed:
            problem = (
                f"inline code block in {language!r}; code in a programming language must be included "
                f"with literalinclude from a tested listing under {listings_dir.name}/; "
                f"inline blocks are allowed only in {', '.join(allowed)}"
            )
        else:
            problem = None
        if problem:
            logger.error(problem, location=block, type="playbook", subtype="listing")


def _included_block_problem(included: Path, language: str, listings_dir: Path, allowed: list[str]) -> str | None:
    if listings_dir not in included.parents:
        if language in allowed:
            return None
        return (
            f"literalinclude of {_shown(included, listings_dir)} in {language or 'no language'!r}: code in a "
            f"programming language must come from a tested listing under {listings_dir.name}/, "
            f"found a file outside it"
        )
    if language in UNLABELLED:
        return (
            f"literalinclude of {_shown(included, listings_dir)} has no :language: option; expected one, "
            f"e.g. ':language: go', so that the listing is highlighted in its own language"
        )
    return None


def listings_folder(config: Config) -> Path:
    """``playbook_listings_dir``, made absolute by :mod:`playbook.config`."""
    return Path(config.playbook_listings_dir)


def _shown(path: Path, listings_dir: Path) -> str:
    """``path`` as the author knows it: relative to the folder that holds the listings folder."""
    return os.path.relpath(path, listings_dir.parent)


def setup(app: Sphinx) -> dict:
    app.setup_extension("playbook.config")  # playbook_listings_dir, playbook_inline_languages
    app.add_directive("literalinclude", ListingInclude, override=True)
    app.connect("doctree-read", check_code_blocks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

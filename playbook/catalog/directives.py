"""Directives of the catalog: each emits a placeholder that the resolve step fills from the
environment, except ``topic-chapters``, whose toctree depends on the configuration only."""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.directives.other import TocTree
from sphinx.util.docutils import SphinxDirective

from .validation import chapter_docname


class catalog_placeholder(nodes.General, nodes.Element):
    """Computed content to fill in when the page is resolved: ``kind``, ``docname`` (the page
    that holds it: LaTeX resolves all pages as one tree) and, for topic parts, ``topic``."""


def placeholder(kind: str, docname: str, topic: str | None = None) -> catalog_placeholder:
    node = catalog_placeholder(kind=kind, docname=docname)
    if topic is not None:
        node["topic"] = topic
    return node


class _PlaceholderDirective(SphinxDirective):
    kind = ""

    def run(self) -> list[nodes.Node]:
        node = placeholder(self.kind, self.env.docname)
        self.set_source_info(node)
        return [node]


class JournalDirective(_PlaceholderDirective):
    """Every post by month, newest first, with its date and summary."""

    kind = "journal"


class TopicMapDirective(_PlaceholderDirective):
    """The topic co-occurrence diagram of the whole book."""

    kind = "topic-map"


class TopicCardsDirective(_PlaceholderDirective):
    """One card per topic (a definition list in PDF and ePub)."""

    kind = "topic-cards"


class TopicChaptersDirective(TocTree):
    """A toctree of every topic chapter in the vocabulary's order. Takes the toctree's options."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        keys = self.config.playbook_topics
        self.content = StringList(["/" + chapter_docname(key) for key in keys], source=self.get_source_info()[0])
        return super().run()

"""The catalog's directives: those that place a part where an author writes them, and
``topic-chapters``, whose toctree depends on the configuration only."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.directives.other import TocTree

from .paths import chapter_docname


class TopicChaptersDirective(TocTree):
    """A toctree of every topic chapter in the vocabulary's order. Takes the toctree's options.

    A chapter not written yet is left out (its absence is reported as the vocabulary's problem),
    and its file becomes a dependency of the page: the page is read again until the file exists,
    and then lists it."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        suffix = Path(self.env.doc2path(self.env.docname)).suffix
        chapters = []
        for key in self.config.playbook_topics:
            docname = chapter_docname(key)
            if docname in self.env.found_docs:
                chapters.append("/" + docname)
            else:
                self.env.note_dependency(str(Path(self.env.srcdir) / (docname + suffix)))
        self.content = StringList(chapters, source=self.get_source_info()[0])
        return super().run()

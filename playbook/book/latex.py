"""The PDF's structure, made from the tree Sphinx's LaTeX builder assembles.

With ``toctree_only`` (``latex_documents``), the builder inlines the root document's toctrees:
each included document in a ``start_of_file`` node, and the documents a page's own toctree
includes inside that page's last section, so a topic chapter's posts would be sections of the
chapter. :class:`BookStructure` makes every document a chapter, in the same order, and marks
where the front matter, each part and the appendices begin (the macros of ``playbook-book.sty``);
the pages for writers are taken out.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape

from ..catalog.paths import chapter_key, is_chapter
from ..catalog.records import vocabulary_from_config


def _raw(latex: str) -> nodes.raw:
    return nodes.raw("", latex + "\n", format="latex")


def chapter_groups(section: nodes.Element) -> list[list[addnodes.start_of_file]]:
    """The documents inlined in ``section``, a group per document the root's toctrees list: that
    document, then the documents its toctree includes (lifted out of it), in reading order."""
    groups = []
    for document in [child for child in section.children if isinstance(child, addnodes.start_of_file)]:
        section.remove(document)
        included = [node for node in document.findall(addnodes.start_of_file) if node is not document]
        for node in included:
            wrapper = node.parent
            wrapper.remove(node)
            if isinstance(wrapper, nodes.compound) and not wrapper.children:  # the toctree's wrapper
                wrapper.parent.remove(wrapper)
        groups.append([document, *included])
    return groups


class BookStructure(SphinxPostTransform):
    """The book's one LaTeX tree: front matter, a part per topic chapter, appendices."""

    builders = ("latex",)
    default_priority = 4  # before the parts (5) and references (10) are resolved

    def run(self, **kwargs) -> None:
        top = next(iter(self.document.findall(nodes.section)), None)
        if top is None or not any(isinstance(child, addnodes.start_of_file) for child in top.children):
            return  # not the assembled book
        topics = {topic.key: topic for topic in vocabulary_from_config(self.config.playbook_topics)}
        web_only = set(self.config.playbook_web_only_pages)
        self.env._app.builder.docnames -= web_only  # links to them become text (Sphinx 9: see catalog.parts.page)
        groups = [
            [document for document in group if document["docname"] not in web_only]
            for group in chapter_groups(top)
        ]
        groups = [group for group in groups if group]
        parts = [index for index, group in enumerate(groups) if self._topic(group[0], topics)]
        top += _raw(r"\playbookfrontmatter")
        for index, group in enumerate(groups):
            if parts and index == parts[0]:
                top += _raw(r"\playbookmainmatter")
            if parts and index == parts[-1] + 1:
                top += _raw(r"\playbookappendices")
            topic = self._topic(group[0], topics)
            if topic is not None:
                top += _raw(rf"\playbookpart{{{escape(topic.name)}}}{{{escape(topic.description)}}}")
            top.extend(group)

    @staticmethod
    def _topic(document: addnodes.start_of_file, topics: dict):
        docname = document["docname"]
        return topics.get(chapter_key(docname)) if is_chapter(docname) else None

"""What parts render with: the :class:`Page` that holds them, and node builders several parts share."""

from __future__ import annotations

from docutils import nodes
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode
from sphinxcontrib.mermaid import mermaid

from ..computations import long_date
from ..paths import chapter_docname
from ..records import vocabulary_from_config
from ..views import Shown


def builder_of(env: BuildEnvironment) -> Builder:
    """The builder writing the pages. Sphinx 9 has no public way to it from a transform
    (sphinx-doc/sphinx#14136: ``SphinxTransform.app`` is deprecated); its own post-transforms
    read ``env._app`` as this does."""
    return env._app.builder


class Page:
    """The page a part is rendered on: links from it, the vocabulary's names and descriptions,
    and diagram figures."""

    def __init__(self, builder: Builder, docname: str) -> None:
        self.builder, self.docname = builder, docname
        topics = vocabulary_from_config(builder.config.playbook_topics)
        self._names = {topic.key: topic.name for topic in topics}
        self._descriptions = {topic.key: topic.description for topic in topics}

    def topic_name(self, key: str) -> str:
        return self._names[key]

    def topic_description(self, key: str) -> str:
        return self._descriptions[key]

    def link(self, target: str, text: str) -> nodes.Node:
        """A link to document ``target``, or its text alone where the builder has no address for
        it (a PDF that holds only part of the book)."""
        label = nodes.inline(text, text)
        try:
            return make_refnode(self.builder, self.docname, target, "", label, text)
        except NoUri:
            return label

    def post_link(self, post: Shown) -> nodes.Node:
        return self.link(post.docname, post.title)

    def topic_link(self, key: str) -> nodes.Node:
        return self.link(chapter_docname(key), self.topic_name(key))

    def diagram(self, code: str, alt: str, caption: str) -> nodes.figure:
        """A Mermaid diagram in a captioned figure (drawn by :mod:`playbook.diagrams`)."""
        diagram = mermaid()
        diagram["code"], diagram["alt"], diagram["options"] = code, alt, {}
        diagram.source = str(self.builder.env.doc2path(self.docname))
        # an id per page and diagram: captions are numbered targets, and LaTeX joins all pages
        figure = nodes.figure("", diagram, ids=[nodes.make_id(f"diagram {self.docname} {caption}")])
        figure += nodes.caption(caption, caption)
        return figure


def joined(items: list[nodes.Node], conjunction: str = "and") -> list[nodes.Node]:
    """a, b and c"""
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.Text(f" {conjunction} " if index == len(items) - 1 else ", "))
        out.append(item)
    return out


def words(items) -> str:
    """'a, b and c' of plain words."""
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]


def count_of_posts(count: int) -> str:
    return f"{count} post" if count == 1 else f"{count} posts"


def related_list(page: Page, items) -> nodes.bullet_list:
    """``items``: (post, shared topic keys) pairs; one bullet each, with the post's date."""
    bullets = nodes.bullet_list()
    for post, shared in items:
        item = nodes.paragraph()
        item += page.post_link(post)
        item += nodes.Text(f" ({long_date(post.date)}) — ")
        text = "shares " + ", ".join(page.topic_name(key) for key in shared)
        item += nodes.emphasis(text, text)
        bullets += nodes.list_item("", item)
    return bullets


def post_entries(page: Page, items) -> nodes.definition_list:
    """``items``: posts shown with their summary; one entry each, with the post's date."""
    entries = nodes.definition_list(classes=["playbook-post-list"])
    for post in items:
        # The date in the term's text, as related posts show it: a docutils classifier would be
        # written "Title : date" (HTML) and "Title [date]" (LaTeX).
        term = nodes.term("", "", page.post_link(post), nodes.Text(f" ({long_date(post.date)})"))
        summary = nodes.definition("", nodes.paragraph(post.summary, post.summary))
        entries += nodes.definition_list_item("", term, summary)
    return entries

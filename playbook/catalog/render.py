"""The resolve step: placeholders become generic docutils nodes that every builder writes.

Runs at ``doctree-resolved`` from the views computed after reading (see :mod:`.state`). The
LaTeX builder resolves the whole book as one tree, so each placeholder names its own page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.nodes import make_refnode
from sphinx_design.shared import create_component
from sphinxcontrib.mermaid import mermaid

from . import state
from .computations import MONTH_NAMES, Definition, date_span, long_date
from .directives import catalog_placeholder
from .records import Post
from .state import Shown
from .validation import chapter_docname


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    page_views = state.views(app.env)
    names = {topic.key: topic.name for topic in state.vocabulary(app)}
    for node in list(doctree.findall(catalog_placeholder)):
        page = node["docname"]
        view = page_views[page][node["kind"]]
        renderer = _Renderer(app, page, names)
        node.replace_self(getattr(renderer, node["kind"].replace("-", "_"))(view))


class _Renderer:
    def __init__(self, app: Sphinx, docname: str, names: dict[str, str]):
        self.app, self.builder, self.docname, self.names = app, app.builder, docname, names

    # --- links -------------------------------------------------------------------------------

    def _link(self, target: str, text: str) -> nodes.Node:
        return make_refnode(self.builder, self.docname, target, "", nodes.inline(text, text), text)

    def _post_link(self, post: Shown) -> nodes.Node:
        return self._link(post.docname, post.title)

    def _topic_link(self, key: str) -> nodes.Node:
        return self._link(chapter_docname(key), self.names[key])

    def _joined(self, items: list[nodes.Node], conjunction: str = "and") -> list[nodes.Node]:
        """a, b and c"""
        out: list[nodes.Node] = []
        for index, item in enumerate(items):
            if index:
                out.append(nodes.Text(f" {conjunction} " if index == len(items) - 1 else ", "))
            out.append(item)
        return out

    def _shared(self, shared: tuple[str, ...]) -> nodes.Node:
        text = "shares " + ", ".join(self.names[key] for key in shared)
        return nodes.emphasis(text, text)

    # --- post pages --------------------------------------------------------------------------

    def post_info(self, post: Post | None) -> list[nodes.Node]:
        if post is None:
            return []
        para = nodes.paragraph(classes=["playbook-post-info"])
        para += nodes.Text(f"Published {long_date(post.date)}")
        if post.updated:
            para += nodes.Text(f", updated {long_date(post.updated)}")
        para += nodes.Text(". Topics: ")
        para.extend(self._joined([self._topic_link(key) for key in post.topics]))
        para += nodes.Text(".")
        return [para]

    def _related_list(self, items) -> nodes.Node:
        bullets = nodes.bullet_list()
        for post, shared in items:
            item = nodes.paragraph()
            item += self._post_link(post)
            item += nodes.Text(f" ({long_date(post.date)}) — ")
            item += self._shared(shared)
            bullets += nodes.list_item("", item)
        return bullets

    def post_related(self, items) -> list[nodes.Node]:
        if not items:
            text = "No other post shares a topic with this one yet."
            return [nodes.paragraph(text, text)]
        return [self._related_list(items)]

    # --- topic chapters ----------------------------------------------------------------------

    def topic_definition(self, definition: Definition) -> list[nodes.Node]:
        para = nodes.paragraph()
        count = f"{definition.count} post" + ("" if definition.count == 1 else "s")
        para += nodes.Text(
            f"{self.names[definition.key]} coverage in this book spans {count} "
            f"{date_span(definition.first, definition.last)}. "
        )
        if definition.adjacent:
            para += nodes.Text("The strongest adjacent topics are " if len(definition.adjacent) > 1 else "The strongest adjacent topic is ")
            para.extend(self._joined([self._topic_link(key) for key, _shared in definition.adjacent]))
            para += nodes.Text(". ")
        if definition.motifs:
            para += nodes.Text("Recurring title motifs include " + _words(definition.motifs) + ". ")
        if definition.shift.older and definition.shift.newer:
            para += nodes.Text(
                f"Older posts lean on {_words(definition.shift.older)}, "
                f"while newer posts lean on {_words(definition.shift.newer)}."
            )
        return [para]

    def topic_neighbourhood(self, view) -> list[nodes.Node]:
        return [self._diagram(*view, caption=f"Topics that share posts with {self.names[self.docname.removeprefix(state.CHAPTERS)]}.")]

    def _diagram(self, code: str, alt: str, caption: str) -> nodes.Node:
        diagram = mermaid()
        diagram["code"], diagram["alt"], diagram["options"] = code, alt, {}
        diagram.source = str(self.app.env.doc2path(self.docname))
        # an id per page and diagram: captions are numbered targets, and LaTeX joins all pages
        figure = nodes.figure("", diagram, ids=[nodes.make_id(f"diagram {self.docname} {caption}")])
        figure += nodes.caption(caption, caption)
        return figure

    def topic_reading_path(self, path) -> list[nodes.Node]:
        """``path``: the newest, middle and oldest post (None where the topic has too few)."""
        labels = ("Start here (current state): ", "Then read (the middle of the range): ", "Finish with (foundational context): ")
        steps = zip(labels, path)
        bullets = nodes.bullet_list()
        for label, post in steps:
            if post is not None:
                item = nodes.paragraph()
                item += nodes.strong(label, label)
                item += self._post_link(post)
                bullets += nodes.list_item("", item)
        return [bullets]

    def topic_related(self, items) -> list[nodes.Node]:
        if not items:
            text = "No post outside this topic shares a neighbouring topic with it yet."
            return [nodes.paragraph(text, text)]
        return [self._related_list(items)]

    def topic_references(self, own: tuple[Shown, ...]) -> list[nodes.Node]:
        count = f"{len(own)} post" + ("" if len(own) == 1 else "s") + ", newest first."
        return [nodes.paragraph(count, count), self._post_entries(own)]

    def _post_entries(self, items) -> nodes.Node:
        entries = nodes.definition_list(classes=["playbook-post-list"])
        for post in items:
            # Docutils' model: the classifier follows the term; nested in it, writers close <dt> twice.
            term = nodes.term("", "", self._post_link(post))
            date = nodes.classifier(long_date(post.date), long_date(post.date))
            summary = nodes.definition("", nodes.paragraph(post.summary, post.summary))
            entries += nodes.definition_list_item("", term, date, summary)
        return entries

    # --- journal, landing page -----------------------------------------------------------------

    def journal(self, months) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if self.builder.name == "html":
            para = nodes.paragraph()
            para += nodes.Text("Follow the journal with its ")
            para += nodes.reference("Atom feed", "Atom feed", refuri=_relative_feed_uri(self.docname))
            para += nodes.Text(".")
            out.append(para)
        for (year, month), items in months:
            heading = f"{MONTH_NAMES[month - 1]} {year}"
            out.append(nodes.rubric(heading, heading))
            out.append(self._post_entries(items))
        return out

    def topic_map(self, view) -> list[nodes.Node]:
        return [self._diagram(*view, caption="Topics and the posts they share.")]

    def topic_cards(self, counts) -> list[nodes.Node]:
        descriptions = {topic.key: topic.description for topic in state.vocabulary(self.app)}
        if self.builder.format == "html" and self.builder.name != "epub":
            return [self._cards(counts, descriptions)]
        entries = nodes.definition_list()
        for key, count in counts:
            term = nodes.term("", "", self._topic_link(key))
            count_note = nodes.classifier(_posts(count), _posts(count))
            description = nodes.definition("", nodes.paragraph(descriptions[key], descriptions[key]))
            entries += nodes.definition_list_item("", term, count_note, description)
        return [entries]

    def _cards(self, counts, descriptions) -> nodes.Node:
        """sphinx-design's card grid markup (its directives run too early for computed content)."""
        row = create_component("grid-row", ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2", "sd-row-cols-md-3", "sd-g-3"])
        for key, count in counts:
            title = nodes.paragraph(classes=["sd-card-title", "sd-font-weight-bold"])
            title += self._topic_link(key)
            body = create_component(
                "card-body",
                ["sd-card-body"],
                children=[title, nodes.paragraph(descriptions[key], descriptions[key], classes=["sd-card-text"])],
            )
            footer = create_component("card-footer", ["sd-card-footer"], children=[nodes.paragraph(_posts(count), _posts(count), classes=["sd-card-text"])])
            card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm"], children=[body, footer])
            row += create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[card])
        return create_component("grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4"], children=[row])


def _posts(count: int) -> str:
    return f"{count} post" if count == 1 else f"{count} posts"


def _words(words) -> str:
    return ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1]


def _relative_feed_uri(docname: str) -> str:
    return "../" * docname.count("/") + "atom.xml"

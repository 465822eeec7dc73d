"""The landing page's topic cards: each topic with its description and number of posts, as a
definition list, which the web's HTML dresses as sphinx-design's card grid."""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.shared import create_component

from ..views import Catalog
from . import Part
from .page import Page, builder_of, count_of_posts


class TopicCards(Part, kind="topic-cards"):
    def view(self, catalog: Catalog, page: str) -> tuple[tuple[str, int], ...]:
        return catalog.graph.counts

    def render(self, counts, page: Page) -> list[nodes.Node]:
        entries = nodes.definition_list()
        entries["playbook_topic_cards"] = True  # dressed as cards on the web (see TopicCardGrid)
        for key, count in counts:
            term = nodes.term("", "", page.topic_link(key))
            count_note = nodes.classifier(count_of_posts(count), count_of_posts(count))
            description = nodes.definition("", nodes.paragraph(page.topic_description(key), page.topic_description(key)))
            entries += nodes.definition_list_item("", term, count_note, description)
        return [entries]


class TopicCardGrid(SphinxPostTransform):
    """HTML for the web (not the ePub): the topic cards' definition list becomes sphinx-design's
    card grid markup (its directives run too early for computed content)."""

    default_priority = 200
    formats = ("html",)

    def is_supported(self) -> bool:
        return super().is_supported() and builder_of(self.env).name != "epub"

    def run(self, **kwargs) -> None:
        for entries in list(self.document.findall(nodes.definition_list)):
            if entries.get("playbook_topic_cards"):
                entries.replace_self(_grid(entries))


def _grid(entries: nodes.definition_list) -> nodes.Node:
    row = create_component("grid-row", ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2", "sd-row-cols-md-3", "sd-g-3"])
    for term, count_note, description in entries.children:
        title = nodes.paragraph(classes=["sd-card-title", "sd-font-weight-bold"])
        title.extend(child.deepcopy() for child in term.children)
        text = description.astext()
        body = create_component(
            "card-body", ["sd-card-body"], children=[title, nodes.paragraph(text, text, classes=["sd-card-text"])]
        )
        count = count_note.astext()
        footer = create_component("card-footer", ["sd-card-footer"], children=[nodes.paragraph(count, count, classes=["sd-card-text"])])
        card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm"], children=[body, footer])
        row += create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[card])
    return create_component("grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4"], children=[row])

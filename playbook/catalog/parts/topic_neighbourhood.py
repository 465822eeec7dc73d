"""At the end of a topic chapter's Definition: the part of the topic map around the topic."""

from __future__ import annotations

from docutils import nodes

from .. import computations, topic_graph
from ..paths import chapter_key
from ..views import Catalog
from . import Part
from .page import Page


class TopicNeighbourhood(Part, kind="topic-neighbourhood"):
    def view(self, catalog: Catalog, page: str) -> tuple[str, str]:
        """The diagram's Mermaid code and its text alternative."""
        key = chapter_key(page)
        around = computations.neighbourhood(catalog.graph, key)
        return (
            topic_graph.mermaid_code(around, catalog.vocabulary, highlight=key),
            topic_graph.text_alternative(around, catalog.vocabulary, f"Neighbourhood of {catalog.topic_name(key)}"),
        )

    def render(self, view, page: Page) -> list[nodes.Node]:
        code, alt = view
        caption = f"Topics that share posts with {page.topic_name(chapter_key(page.docname))}."
        return [page.diagram(code, alt, caption=caption)]

    def diagrams(self, view) -> tuple[str, ...]:
        return (view[0],)

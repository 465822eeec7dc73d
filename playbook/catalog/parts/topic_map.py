"""The topic map: the co-occurrence diagram of the whole book, with its text alternative."""

from __future__ import annotations

from docutils import nodes

from .. import topic_graph
from ..views import Catalog
from . import Part
from .page import Page


class TopicMap(Part, kind="topic-map"):
    def view(self, catalog: Catalog, page: str) -> tuple[str, str]:
        """The diagram's Mermaid code and its text alternative."""
        graph = catalog.graph
        return (
            topic_graph.mermaid_code(graph, catalog.vocabulary),
            topic_graph.text_alternative(graph, catalog.vocabulary, "Topic map"),
        )

    def render(self, view, page: Page) -> list[nodes.Node]:
        code, alt = view
        return [page.diagram(code, alt, caption="Topics and the posts they share.")]

    def diagrams(self, view) -> tuple[str, ...]:
        return (view[0],)

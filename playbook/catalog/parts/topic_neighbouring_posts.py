"""A topic chapter's "In neighbouring topics": posts outside the topic that its neighbourhood
points to (see :func:`~playbook.catalog.computations.neighbouring_posts`)."""

from __future__ import annotations

from docutils import nodes

from .. import computations
from ..paths import chapter_key
from ..views import Catalog, Shown
from . import Part
from .page import Page, related_list


class TopicNeighbouringPosts(Part, kind="topic-neighbouring-posts"):
    def view(self, catalog: Catalog, page: str) -> tuple:
        found = computations.neighbouring_posts(catalog.records, chapter_key(page), limit=catalog.neighbouring_per_topic)
        return tuple((Shown.link(catalog.posts[item.docname]), item.shared) for item in found)

    def render(self, items, page: Page) -> list[nodes.Node]:
        if not items:
            text = "No post outside this topic shares a neighbouring topic with it yet."
            return [nodes.paragraph(text, text)]
        return [related_list(page, items)]

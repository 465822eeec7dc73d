"""A topic chapter's "References": every post of the topic, newest first, with its summary."""

from __future__ import annotations

from docutils import nodes

from .. import computations
from ..paths import chapter_key
from ..views import Catalog, Shown
from . import Part
from .page import Page, count_of_posts, post_entries


class TopicReferences(Part, kind="topic-references"):
    def view(self, catalog: Catalog, page: str) -> tuple[Shown, ...]:
        return tuple(map(Shown.entry, computations.posts_of_topic(catalog.records, chapter_key(page))))

    def render(self, own, page: Page) -> list[nodes.Node]:
        count = f"{count_of_posts(len(own))}, newest first."
        return [nodes.paragraph(count, count), post_entries(page, own)]

"""A topic chapter's "Suggested reading path": the newest post (the current state), the middle of
the range, the oldest (foundational context)."""

from __future__ import annotations

from docutils import nodes

from .. import computations
from ..paths import chapter_key
from ..views import Catalog, Shown
from . import Part
from .page import Page

LABELS = ("Start here (current state): ", "Then read (the middle of the range): ", "Finish with (foundational context): ")


class TopicReadingPath(Part, kind="topic-reading-path"):
    def view(self, catalog: Catalog, page: str) -> tuple[Shown | None, ...]:
        """The newest, middle and oldest post (None where the topic has too few)."""
        path = computations.reading_path(computations.posts_of_topic(catalog.records, chapter_key(page)))
        return tuple(Shown.link(post) if post else None for post in (path.start, path.middle, path.finish))

    def render(self, path, page: Page) -> list[nodes.Node]:
        bullets = nodes.bullet_list()
        for label, post in zip(LABELS, path):
            if post is not None:
                item = nodes.paragraph()
                item += nodes.strong(label, label)
                item += page.post_link(post)
                bullets += nodes.list_item("", item)
        return [bullets]

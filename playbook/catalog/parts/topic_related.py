"""A topic chapter's "Related posts": the topic's own newest posts."""

from __future__ import annotations

from docutils import nodes

from .. import computations
from ..computations import long_date
from ..paths import chapter_key
from ..views import Catalog, Shown
from . import Part
from .page import Page


class TopicRelated(Part, kind="topic-related"):
    def view(self, catalog: Catalog, page: str) -> tuple[Shown, ...]:
        newest = computations.topic_related(catalog.records, chapter_key(page), limit=catalog.related_per_topic)
        return tuple(map(Shown.link, newest))

    def render(self, posts, page: Page) -> list[nodes.Node]:
        bullets = nodes.bullet_list()
        for post in posts:
            item = nodes.paragraph()
            item += page.post_link(post)
            item += nodes.Text(f" ({long_date(post.date)})")
            bullets += nodes.list_item("", item)
        return [bullets]

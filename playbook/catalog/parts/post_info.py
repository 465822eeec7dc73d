"""Under a post's title: when it was published (and revised) and its topics."""

from __future__ import annotations

from docutils import nodes

from ..computations import long_date
from ..records import Post
from ..views import Catalog
from . import Part
from .page import Page, joined


class PostInfo(Part, kind="post-info"):
    def view(self, catalog: Catalog, page: str) -> Post | None:
        return catalog.posts.get(page)

    def render(self, post: Post | None, page: Page) -> list[nodes.Node]:
        if post is None:  # an invalid post: its problems are reported, the build fails
            return []
        para = nodes.paragraph(classes=["playbook-post-info"])
        para += nodes.Text(f"Published {long_date(post.date)}")
        if post.updated:
            para += nodes.Text(f", updated {long_date(post.updated)}")
        para += nodes.Text(". Topics: ")
        para.extend(joined([page.topic_link(key) for key in post.topics]))
        para += nodes.Text(".")
        return [para]

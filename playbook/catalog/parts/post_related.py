"""A post's "Related posts": the posts sharing most topics with it, then the newest."""

from __future__ import annotations

from docutils import nodes

from ..views import Catalog, Shown
from . import Part
from .page import Page, related_list


class PostRelated(Part, kind="post-related"):
    def view(self, catalog: Catalog, page: str) -> tuple:
        return tuple((Shown.link(catalog.posts[item.docname]), item.shared) for item in catalog.related.get(page, ()))

    def render(self, items, page: Page) -> list[nodes.Node]:
        if not items:
            text = "No other post shares a topic with this one yet."
            return [nodes.paragraph(text, text)]
        return [related_list(page, items)]

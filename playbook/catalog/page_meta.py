"""What a page says about itself to search engines and link previews: a post's summary, a topic
chapter's one-line description from the vocabulary. sphinxext-opengraph writes ``og:description``
from the page's metadata and leaves a ``<meta name="description">`` already present alone.
"""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx

from . import state


def page_type(app: Sphinx, docname: str) -> str:
    """OpenGraph's type: posts are articles; the book's other pages stay a website."""
    return "article" if docname in state.posts(app.env) else "website"


def page_description(app: Sphinx, docname: str) -> str | None:
    """The summary of a post, the description of a topic chapter, or None for other pages."""
    post = state.posts(app.env).get(docname)
    if post is not None:
        return post.summary
    if state.is_chapter(docname):
        descriptions = {topic.key: topic.description for topic in state.vocabulary(app)}
        return descriptions.get(docname.removeprefix(state.CHAPTERS))
    return None


def add_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``, before sphinxext-opengraph's handler (priority 500)."""
    if app.builder.name == "epub":
        return
    description = page_description(app, pagename)
    if description is None:
        return
    # a copy: context["meta"] is the environment's own metadata of the page
    context["meta"] = {
        **(context.get("meta") or {}),
        "og:description": description,
        "og:type": page_type(app, pagename),
    }
    context["metatags"] += f'\n<meta name="description" content="{escape(description)}" />'

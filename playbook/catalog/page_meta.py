"""What a page says about itself to search engines and link previews: a post's summary, a topic
chapter's one-line description from the vocabulary. sphinxext-opengraph writes ``og:description``
from the page's metadata and leaves a ``<meta name="description">`` already present alone.

sphinxext-opengraph (0.13) escapes only ``"`` in the values it takes from the metadata, and
writes ``og:title`` from the page's title as text: both are given here, escaped, so that a title
or summary holding ``<``, ``&`` or quotes reads the same in a link preview as on the page.
"""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx

from .paths import chapter_key, is_chapter
from .records import vocabulary_from_config
from .state import CatalogState


def page_type(app: Sphinx, docname: str) -> str:
    """OpenGraph's type: posts are articles; the book's other pages stay a website."""
    return "article" if docname in CatalogState.of(app.env).posts else "website"


def page_description(app: Sphinx, docname: str) -> str | None:
    """The summary of a post, the description of a topic chapter, or None for other pages."""
    post = CatalogState.of(app.env).posts.get(docname)
    if post is not None:
        return post.summary
    if is_chapter(docname):
        descriptions = {topic.key: topic.description for topic in vocabulary_from_config(app.config.playbook_topics)}
        return descriptions.get(chapter_key(docname))
    return None


def add_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``, before sphinxext-opengraph's handler (priority 500)."""
    if app.builder.name == "epub":
        return
    # a copy: context["meta"] is the environment's own metadata of the page
    meta = dict(context.get("meta") or {})
    title = app.env.titles.get(pagename)
    if title is not None:
        meta["og:title"] = escape(title.astext())
    description = page_description(app, pagename)
    if description is not None:
        meta["og:description"] = escape(description)
        meta["og:type"] = page_type(app, pagename)
        context["metatags"] += f'\n<meta name="description" content="{escape(description)}" />'
    context["meta"] = meta

"""Where posts and topic chapters live among the book's documents. Pure, no Sphinx."""

from __future__ import annotations

POSTS = "posts/"
CHAPTERS = "topics/"


def is_post(docname: str) -> bool:
    return docname.startswith(POSTS)


def is_chapter(docname: str) -> bool:
    return docname.startswith(CHAPTERS)


def chapter_docname(key: str) -> str:
    """The document of a topic's chapter: ``topics/<key>``."""
    return CHAPTERS + key


def chapter_key(docname: str) -> str:
    """The topic key of a chapter's document (the file's name)."""
    return docname.removeprefix(CHAPTERS)

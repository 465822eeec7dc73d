"""What the computed parts' views are computed from, and made of. Pure, no Sphinx.

A *view* is the data one part shows on one page, as plain comparable records: after reading,
the build computes every view again from the :class:`Catalog`, compares it with the last build's
and writes again only the pages whose views changed. So a view holds what its page shows and no
more (a :class:`Shown` post rather than the whole record).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from . import computations
from .records import Post, Topic


@dataclass(frozen=True)
class Catalog:
    """One build's catalog: the vocabulary, the valid posts and the settings views depend on,
    with the computations several parts share, each computed once."""

    vocabulary: tuple[Topic, ...]
    posts: Mapping[str, Post]  # by docname
    related_per_post: int
    related_per_topic: int
    neighbouring_per_topic: int

    @cached_property
    def records(self) -> tuple[Post, ...]:
        return tuple(self.posts.values())

    @cached_property
    def graph(self) -> computations.Cooccurrence:
        """The topic co-occurrence graph of the whole book."""
        return computations.cooccurrence(self.records, self.vocabulary)

    @cached_property
    def related(self) -> dict[str, tuple[computations.Related, ...]]:
        """Each post's related posts."""
        return computations.related_posts(self.records, limit=self.related_per_post)

    @cached_property
    def stop_words(self) -> frozenset[str]:
        """The words that are never title motifs (the book's topic keys always can be)."""
        return computations.stop_words(topic.key for topic in self.vocabulary)

    def topic_name(self, key: str) -> str:
        return next(topic.name for topic in self.vocabulary if topic.key == key)


@dataclass(frozen=True)
class Shown:
    """What a page shows of another post: a link (document, title, date) or a list entry (also
    its summary). An edit to anything else of that post leaves the page alone."""

    docname: str
    title: str
    date: date
    summary: str | None = None

    @classmethod
    def link(cls, post: Post) -> Shown:
        return cls(post.docname, post.title, post.date)

    @classmethod
    def entry(cls, post: Post) -> Shown:
        return cls(post.docname, post.title, post.date, post.summary)

"""The journal's Atom feed (RFC 4287), written by feedgen.

Everything in it comes from the posts' front matter and the configuration, never from the clock,
so rebuilding the same sources gives the same bytes. Entry ids are URNs derived from the book's
feed id and the post's document name: they survive a move of the book to another address.

A build whose feed would be the same bytes as the one in the output (its inputs' digest, kept
beside the doctrees, says so) neither writes it nor loads feedgen (and lxml): most rebuilds change
no front matter.
"""

from __future__ import annotations

import hashlib
import uuid
from html import escape
from datetime import date, datetime, time, timezone
from pathlib import Path

from sphinx.application import Sphinx

from .computations import sort_newest_first
from .records import Post
from .state import CatalogState

FEED_FILENAME = "atom.xml"
#: The builders the feed is written by (beside the pages it links to).
FEED_BUILDERS = ("html",)


def atom_feed(
    posts, *, title: str, subtitle: str, author: str, feed_id: uuid.UUID, base_url: str, page_suffix: str
) -> bytes:
    """The Atom document of ``posts``, newest first. ``base_url`` ends with '/' (may be empty:
    links are then relative to the feed, which sits at the root of the HTML output)."""
    from feedgen.feed import FeedGenerator  # here: a build that keeps its feed does not load it

    feed = FeedGenerator()
    feed.id(feed_id.urn)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.author({"name": author})
    feed.link(href=base_url + FEED_FILENAME, rel="self")
    feed.link(href=base_url or "./", rel="alternate")
    feed.language("en")
    ordered = sort_newest_first(posts)
    feed.updated(_midnight_utc(max((_last_change(post) for post in ordered), default=date(1970, 1, 1))))
    for post in ordered:
        entry = feed.add_entry(order="append")
        entry.id(uuid.uuid5(feed_id, post.docname).urn)
        entry.title(post.title)
        entry.link(href=base_url + post.docname + page_suffix, rel="alternate")
        entry.summary(post.summary)
        entry.published(_midnight_utc(post.date))
        entry.updated(_midnight_utc(_last_change(post)))
        for key in post.topics:
            entry.category(term=key)
    return feed.atom_str(pretty=True)


def _last_change(post: Post) -> date:
    return post.updated or post.date


def _midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)


def _base_url(config) -> str:
    base_url = config.playbook_feed_base_url or config.html_baseurl or ""
    return base_url + "/" if base_url and not base_url.endswith("/") else base_url


def _feed_title(config) -> str:
    return f"{config.project}: Journal"


def link_feed(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: every page names the feed for feed readers, at the book's public
    address (where a reader subscribes), or beside the page when the book has none."""
    if app.builder.name not in FEED_BUILDERS:
        return
    base_url = _base_url(app.config)
    href = base_url + FEED_FILENAME if base_url else context["pathto"](FEED_FILENAME, 1)
    context["metatags"] = context.get("metatags", "") + (  # Sphinx's own pages (search) have none yet
        f'\n<link rel="alternate" type="application/atom+xml" title="{escape(_feed_title(app.config))}" href="{escape(href)}" />'
    )


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the feed beside the HTML pages (HTML builder only), unless the one
    there was written from the same inputs."""
    if exception is not None or app.builder.name not in FEED_BUILDERS:
        return
    config = app.config
    inputs = {
        "posts": sorted(CatalogState.of(app.env).posts.values(), key=lambda post: post.docname),
        "title": _feed_title(config),
        "subtitle": "Every post of the book, newest first.",
        "author": config.author,
        "feed_id": uuid.uuid5(uuid.NAMESPACE_URL, "urn:playbook-feed:" + config.project),
        "base_url": _base_url(config),
        "page_suffix": app.builder.out_suffix,
    }
    target = Path(app.outdir) / FEED_FILENAME
    digest_file = Path(app.doctreedir) / (FEED_FILENAME + ".inputs")
    digest = hashlib.sha256(repr(sorted(inputs.items())).encode()).hexdigest()
    if target.exists() and digest_file.exists() and digest_file.read_text() == digest:
        return
    document = atom_feed(inputs.pop("posts"), **inputs)
    if not target.exists() or target.read_bytes() != document:
        target.write_bytes(document)
    digest_file.write_text(digest)

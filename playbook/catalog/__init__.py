"""The book's catalog of posts: front matter becomes topic chapters, reading paths, related posts,
a journal, a topic map and an Atom feed.

Pure (no Sphinx, importable and testable alone): :mod:`.records` (the record types),
:mod:`.schema` (front matter → posts, the declared schema), :mod:`.computations`,
:mod:`.validation` (checks across posts and chapters), :mod:`.topic_graph` (Mermaid code),
:mod:`.views` (what views are computed from and made of), :mod:`.paths`.

Sphinx glue, in the order a build uses it: :mod:`.extension` (setup), :mod:`.state` (the state
on the environment; posts refreshed before reading), :mod:`.directives` and :mod:`.transforms`
(read time: they place parts), :mod:`.updates` (after reading: problems reported through
:mod:`.reporting`, every placed part's view computed, the pages to write again), :mod:`.resolve`
(placeholders become the parts' nodes), :mod:`.feed`, :mod:`.page_meta`. The computed parts
themselves are in :mod:`.parts`, one module each.
"""

from __future__ import annotations


def setup(app) -> dict:
    from .extension import setup as setup_catalog  # the glue imports Sphinx; the pure modules do not

    return setup_catalog(app)

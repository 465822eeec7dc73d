"""The catalog's state in the build environment, and how it is kept right on incremental builds.

One :class:`CatalogState` lives on the environment (``env.playbook_catalog``) and is pickled with
it. It holds:

* post records, parsed from the sources' front matter in ``env-get-outdated``
  (:func:`refresh_posts`), in the main process, before any document is read: every reader, serial
  or parallel, sees all posts, and a post's changes are known before reading starts, so the
  chapters whose toctree they change are read again;
* read-time facts, per document: which parts a page places, and the problems found while
  reading it (a topic chapter's sections, a post's heading), purged and merged by
  :class:`CatalogCollector` (parallel reads);
* the views computed after reading (:mod:`.updates`), to compare with the next build's.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from .parts import placed_kinds
from .paths import chapter_docname, is_post
from .records import Post, Problem, vocabulary_from_config
from .schema import Context, read_post
from .validation import post_location


@dataclass
class CatalogState:
    """Everything the catalog keeps between builds, in one object on the environment."""

    #: Valid posts by docname, and the problems of the invalid ones (refreshed before reading).
    posts: dict[str, Post] = field(default_factory=dict)
    post_problems: dict[str, list[Problem]] = field(default_factory=dict)
    #: Read time: the kinds of the parts each page places, and the problems found reading it.
    placed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    read_problems: dict[str, list[Problem]] = field(default_factory=dict)
    #: After reading: what each part shows, by page and kind (see :mod:`.views`).
    views: dict[str, dict[str, Hashable]] = field(default_factory=dict)
    #: What the views were computed from (None after a build with problems): equal inputs, equal views.
    view_inputs: tuple | None = None
    #: What every page's navigation shows of the posts (see :func:`.updates.update_views`).
    navigation: frozenset | None = None
    #: How many problems the last build reported (:mod:`.reporting`), for the summary at its end.
    reported: int = 0

    @staticmethod
    def of(env: BuildEnvironment) -> CatalogState:
        state = getattr(env, "playbook_catalog", None)
        if state is None:
            state = env.playbook_catalog = CatalogState()
        return state

    def purge(self, docname: str) -> None:
        """Forget what was read from a document (read again, or removed)."""
        self.placed.pop(docname, None)
        self.read_problems.pop(docname, None)

    def merge(self, other: CatalogState, docnames: set[str]) -> None:
        """Take what a parallel reader read from ``docnames``."""
        for docname in docnames:
            for mine, theirs in ((self.placed, other.placed), (self.read_problems, other.read_problems)):
                if docname in theirs:
                    mine[docname] = theirs[docname]
                else:
                    mine.pop(docname, None)

    def set_read_problems(self, docname: str, problems: list[Problem]) -> None:
        if problems:
            self.read_problems[docname] = problems
        else:
            self.read_problems.pop(docname, None)


def toc_key(post: Post | None):
    """What a chapter's toctree shows of a post: where it lives and its place in the order."""
    return None if post is None else (post.chapter, post.date, post.title)


def refresh_posts(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: re-parse new and changed posts, and the invalid ones (a date that was
    in the future may have come); return the chapters to read again, and the posts whose
    validity changed while their source did not."""
    state = CatalogState.of(env)
    context = Context(vocabulary_from_config(app.config.playbook_topics), today=date.today())
    reread = set()
    for docname in sorted(added | changed | removed | set(state.post_problems)):
        if not is_post(docname):
            continue
        before = state.posts.pop(docname, None)
        state.post_problems.pop(docname, None)
        if docname not in removed:
            text = Path(env.doc2path(docname)).read_text(encoding=app.config.source_encoding)
            post, invalid = read_post(docname, text, context)
            invalid = post_location(docname) + invalid
            if post is not None and not invalid:
                state.posts[docname] = post
            if invalid:
                state.post_problems[docname] = invalid
        after = state.posts.get(docname)
        if toc_key(before) != toc_key(after):
            reread.update(chapter_docname(post.chapter) for post in (before, after) if post is not None)
        if (before is None) != (after is None) and docname not in removed:
            reread.add(docname)  # its page is in a chapter now, or no longer (see transforms)
    return sorted((reread & env.found_docs) - added)


class CatalogCollector(EnvironmentCollector):
    """Which parts each page places (and, through :class:`CatalogState`, chapter problems)."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        CatalogState.of(env).purge(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        CatalogState.of(env).merge(CatalogState.of(other), docnames)

    def process_doc(self, app: Sphinx, doctree) -> None:
        kinds = placed_kinds(doctree)
        if kinds:
            CatalogState.of(app.env).placed[app.env.docname] = kinds
